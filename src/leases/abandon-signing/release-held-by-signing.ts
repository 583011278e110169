import type { MarkVacated, ReleaseReservation } from '../../portfolio/dwelling/dwelling.commands.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import type { IdempotentSteps } from '../../process-managers/idempotent-steps.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { householdTenancyDecider } from '../household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../household-tenancy-stream.js';

/** The reason recorded on the household's tenancy end and the dwelling's released reservation. */
export const SIGNING_ABANDONED_REASON = 'signing-abandoned';

/**
 * What an abandoned signing of `leaseId` may still hold, released: the household's tenancy, and the
 * dwelling (vacated if let under the lease, on the day it was to be let or `on` if later; or its
 * reservation for the application released). Called by the abandonment, and by a signing that found
 * its lease abandoned while it ran: the two may run at once, so each looks at the streams as they are
 * and a repeat changes nothing. Returns the positions written.
 */
export async function releaseHeldBySigning(
  steps: IdempotentSteps,
  held: { leaseId: string; householdId: string; dwellingId: string; applicationId: string | null },
  on: string,
  actor: string,
  stepPrefix = '',
): Promise<bigint[]> {
  const positions: bigint[] = [];
  const note = (outcome: { alreadyTaken: boolean; position?: bigint | null }) => {
    if (!outcome.alreadyTaken && outcome.position != null) positions.push(outcome.position);
  };
  const household = (await steps.load(householdTenancyDecider, householdTenancyStreamId(held.householdId))).state;
  if (household.active?.leaseId === held.leaseId) {
    // A concurrent release that ended it first makes this one a repeat: the decider records nothing.
    note(
      await steps.execute(`${stepPrefix}household`, householdTenancyDecider, householdTenancyStreamId(held.householdId), {
        type: 'EndTenancy',
        householdId: held.householdId,
        leaseId: held.leaseId,
        endedOn: on,
        reason: SIGNING_ABANDONED_REASON,
        actor,
      }),
    );
  }
  // The dwelling may change under us (the other side letting or releasing it): look again, a few times.
  for (let attempt = 0; attempt < 5; attempt++) {
    const d = (await steps.load(dwellingDecider, dwellingStreamId(held.dwellingId))).state;
    let step: string;
    let command: MarkVacated | ReleaseReservation;
    if (d.status === 'let' && 'tenancy' in d && d.tenancy?.leaseId === held.leaseId) {
      // The letting never took effect: free from the day it was to start, or from `on` if that has passed.
      step = 'dwelling-vacate';
      command = { type: 'MarkVacated', dwellingId: held.dwellingId, leaseId: held.leaseId, vacatedOn: on < d.tenancy.letOn ? d.tenancy.letOn : on };
    } else if (held.applicationId !== null && d.status === 'reserved' && 'reservation' in d && d.reservation?.applicationId === held.applicationId) {
      step = 'dwelling-release';
      command = { type: 'ReleaseReservation', dwellingId: held.dwellingId, applicationId: held.applicationId, releasedOn: on, reason: 'lease signing abandoned' };
    } else {
      return positions;
    }
    try {
      note(await steps.execute(`${stepPrefix}${step}`, dwellingDecider, dwellingStreamId(held.dwellingId), command));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return positions;
}
