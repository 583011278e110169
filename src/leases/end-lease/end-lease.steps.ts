import type { EndLeaseIn, MarkVacated } from '../../portfolio/dwelling/dwelling.commands.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import type { DwellingState } from '../../portfolio/dwelling/dwelling.state.js';
import { dwellingNotFound, notLeasedIn } from '../../portfolio/dwelling/dwelling.errors.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import type { IdempotentSteps } from '../../process-managers/idempotent-steps.js';
import { householdTenancyDecider } from '../household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../household-tenancy-stream.js';
import type { EndLease } from '../lease/lease.commands.js';
import { leaseDecider } from '../lease/lease.decider.js';
import { dwellingNotSold, leaseNotFound } from '../lease/lease.errors.js';
import { leaseStreamId } from '../lease-stream.js';

/**
 * Ending a lease, in order, each step idempotent (see IdempotentSteps):
 *   1. the lease: LeaseEnded;
 *   2. the household's tenancy stream: TenancyEnded (the household may sign a new lease);
 *   3. the dwelling: free again (MarkVacated), except after 'bought-dwelling', where the sale has
 *      already taken the dwelling out of the portfolio (refused, DWELLING_NOT_SOLD, before it); after 'lease-in-ended' it is vacated and
 *      then leaves the portfolio (EndLeaseIn).
 * The lease is decided first without writing, so a refused end writes nothing; so are, for
 * 'lease-in-ended', the dwelling's vacating and its EndLeaseIn (not leased in, a grant outstanding:
 * refused otherwise only after the lease, the tenancy and the dwelling had been written). Used by the
 * caseworker's request and by the tenant-to-owner process manager alike.
 */
export async function endLeaseSteps(steps: IdempotentSteps, command: EndLease): Promise<bigint | null> {
  const lease = await steps.load(leaseDecider, leaseStreamId(command.leaseId));
  if (lease.state.status === 'none') throw leaseNotFound(command.leaseId);
  leaseDecider.decide(command, lease.state);
  const { householdId, dwellingId } = lease.state;
  if (command.reason === 'bought-dwelling') {
    // Only after the sale: ended as bought while still let, the dwelling would stay let under an ended lease.
    const bought = await steps.load(dwellingDecider, dwellingStreamId(dwellingId));
    if (bought.state.status !== 'sold') throw dwellingNotSold(dwellingId, bought.state.status);
  }
  if (command.reason === 'lease-in-ended') {
    const leasedIn = await steps.load(dwellingDecider, dwellingStreamId(dwellingId));
    if (leasedIn.state.status === 'unregistered') throw dwellingNotFound(dwellingId);
    if (leasedIn.state.description.ownership !== 'leased-in') throw notLeasedIn(leasedIn.state);
    // The dwelling's two steps decided on a copy, so any of its rules (a grant still outstanding,
    // the dates) refuses before the lease and the tenancy are written.
    let state: DwellingState = leasedIn.state;
    if (state.status === 'let' && 'tenancy' in state && state.tenancy?.leaseId === command.leaseId) {
      for (const e of dwellingDecider.decide({ type: 'MarkVacated', dwellingId, leaseId: command.leaseId, vacatedOn: command.endedOn }, state)) state = dwellingDecider.evolve(state, e);
    }
    if (state.status !== 'lease-in-ended') dwellingDecider.decide({ type: 'EndLeaseIn', dwellingId, endedOn: command.endedOn }, state);
  }
  let position: bigint | null = null;
  const note = (outcome: { alreadyTaken: boolean; position?: bigint | null }) => {
    if (!outcome.alreadyTaken && outcome.position != null && (position === null || outcome.position > position)) position = outcome.position;
  };
  note(await steps.execute('lease', leaseDecider, leaseStreamId(command.leaseId), command));
  note(
    await steps.execute('household', householdTenancyDecider, householdTenancyStreamId(householdId), {
      type: 'EndTenancy',
      householdId,
      leaseId: command.leaseId,
      endedOn: command.endedOn,
      reason: command.reason,
      actor: command.actor,
    }),
  );
  if (command.reason === 'bought-dwelling') return position;
  const dwelling = await steps.load(dwellingDecider, dwellingStreamId(dwellingId));
  const stillLetUnderIt = dwelling.state.status === 'let' && 'tenancy' in dwelling.state && dwelling.state.tenancy?.leaseId === command.leaseId;
  if (stillLetUnderIt) {
    const vacate: MarkVacated = { type: 'MarkVacated', dwellingId, leaseId: command.leaseId, vacatedOn: command.endedOn };
    note(await steps.execute('dwelling', dwellingDecider, dwellingStreamId(dwellingId), vacate));
  }
  if (command.reason === 'lease-in-ended') {
    const current = await steps.load(dwellingDecider, dwellingStreamId(dwellingId));
    if (current.state.status !== 'lease-in-ended') {
      const end: EndLeaseIn = { type: 'EndLeaseIn', dwellingId, endedOn: command.endedOn };
      note(await steps.execute('lease-in', dwellingDecider, dwellingStreamId(dwellingId), end));
    }
  }
  return position;
}
