import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { SellDwelling } from '../portfolio/dwelling/dwelling.commands.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import type { DwellingEvent, DwellingSold } from '../portfolio/dwelling/dwelling.events.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import { endLeaseSteps } from '../leases/end-lease/end-lease.steps.js';
import { leaseDecider } from '../leases/lease/lease.decider.js';
import { leaseStreamId } from '../leases/lease-stream.js';
import type { Logger } from '../observability/logger.js';
import type { IdempotentSteps } from '../process-managers/idempotent-steps.js';
import type { ProcessManager } from '../process-managers/process-manager.js';
import { processManagerActor } from '../process-managers/process-manager-runner.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import { requireLeaseStillRunning } from './lease-still-running.js';
import type { TransitionCompleted } from './transition/transition.events.js';
import { transitionDecider } from './transition/transition.decider.js';
import { transitionStreamId } from './transition-stream.js';

/** The process manager's name: the key of its checkpoint and of its steps' event ids. */
export const TENANT_TO_OWNER = 'tenant-to-owner';
const NAME = TENANT_TO_OWNER;
const actor = processManagerActor(NAME);

/**
 * Carries out a completed transition to ownership across the aggregates it spans:
 * - bought the rented dwelling: the dwelling is sold to the sitting tenant (the portfolio's sale
 *   rules, with the grant settlement recorded on completion) and leaves the portfolio; the lease
 *   ends with reason 'bought-dwelling' and the household's tenancy with it;
 * - bought on the market: the lease ends (the household moved out into its own home) and the
 *   dwelling is vacated, available for the next household.
 * Also a sale to the sitting tenant recorded directly on the dwelling ends that tenant's lease.
 * Driven by the log from a checkpoint (ProcessManagerRunner): after a restart it resumes, and a
 * step already taken for an event is never taken again. A step another aggregate refuses (the
 * dwelling changed meanwhile) is recorded on the transition as TransitionFollowUpFailed; so is a
 * sale whose lease ended after the completion was recorded (the dwelling is not let under the
 * transition's lease any more, perhaps let to another household): nothing is sold.
 */
export function tenantToOwnerProcessManager(logger?: Logger): ProcessManager {
  return {
    name: NAME,
    eventTypes: ['TransitionCompleted', 'DwellingSold'],
    async handle(event: RecordedEvent, steps: IdempotentSteps) {
      if (event.type === 'TransitionCompleted') return completed(event as RecordedEvent<'TransitionCompleted', TransitionCompleted['data']>, steps);
      const sold = event.data as DwellingSold['data'];
      if (sold.buyer !== 'sitting-tenant') return;
      const leaseId = await leaseAtSale(steps, sold.dwellingId);
      if (!leaseId) return;
      try {
        await endLeaseSteps(steps, { type: 'EndLease', leaseId, endedOn: sold.soldOn, reason: 'bought-dwelling', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The lease was ended otherwise before the sale was recorded: nothing to do, but say so.
        logger?.warn({ processManager: NAME, dwellingId: sold.dwellingId, leaseId, code: error.code }, 'sale to the sitting tenant: the lease could not be ended');
      }
    },
  };
}

async function completed(event: RecordedEvent<'TransitionCompleted', TransitionCompleted['data']>, steps: IdempotentSteps): Promise<void> {
  const t = event.data;
  let step = 'sell';
  try {
    if (t.plan === 'buy-rented-dwelling') {
      const dwelling = await steps.load(dwellingDecider, dwellingStreamId(t.dwellingId));
      if (dwelling.state.status !== 'sold') {
        // The lease may have ended between the completion and now: sell only to the household of that lease.
        const lease = await steps.load(leaseDecider, leaseStreamId(t.leaseId));
        requireLeaseStillRunning(t, lease.state, dwelling.state);
        const sell: SellDwelling = { type: 'SellDwelling', dwellingId: t.dwellingId, soldOn: t.purchasedOn, price: t.price, buyer: 'sitting-tenant', grantSettlement: t.grantSettlement };
        await steps.execute('sell', dwellingDecider, dwellingStreamId(t.dwellingId), sell);
      }
      step = 'end-lease';
      await endLeaseSteps(steps, { type: 'EndLease', leaseId: t.leaseId, endedOn: t.purchasedOn, reason: 'bought-dwelling', evictionEnforcedOn: null, transferLeaseId: null, note: `transition ${t.transitionId}`, actor });
    } else {
      step = 'end-lease';
      await endLeaseSteps(steps, {
        type: 'EndLease',
        leaseId: t.leaseId,
        endedOn: t.purchasedOn,
        reason: 'moved-out',
        evictionEnforcedOn: null,
        transferLeaseId: null,
        note: `bought a dwelling on the market (transition ${t.transitionId})`,
        actor,
      });
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await steps.execute('follow-up-failed', transitionDecider, transitionStreamId(t.transitionId), {
      type: 'RecordFollowUpFailure',
      transitionId: t.transitionId,
      step,
      code: error.code,
      message: error.message,
      triggeringEventId: event.id,
    });
  }
}

/** The lease the dwelling was let under when it was sold: its last DwellingLet before the sale. */
async function leaseAtSale(steps: IdempotentSteps, dwellingId: string): Promise<string | null> {
  const { events } = await steps.load(dwellingDecider, dwellingStreamId(dwellingId));
  let leaseId: string | null = null;
  for (const e of events) {
    if (e.type === 'DwellingLet') leaseId = (e.data as Extract<DwellingEvent, { type: 'DwellingLet' }>['data']).leaseId;
    if (e.type === 'DwellingVacated') leaseId = null;
  }
  return leaseId;
}
