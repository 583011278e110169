import type { LeaseState } from '../leases/lease/lease.state.js';
import { dwellingHasLeft, dwellingNotFound, letUnderAnotherLease, noSittingTenant } from '../portfolio/dwelling/dwelling.errors.js';
import type { DwellingState } from '../portfolio/dwelling/dwelling.state.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import type { TransitionPlan } from './transition/transition-terms.js';

/** What of a transition the check needs (a Transition, or the data of its TransitionCompleted). */
export interface TransitionOnLease {
  transitionId: string;
  leaseId: string;
  dwellingId: string;
  plan: TransitionPlan;
}

/**
 * A transition is the way into ownership of a household renting under its lease: it is completed,
 * and its purchase carried out, only while that lease runs. Once the lease has ended (the household
 * moved, was evicted, the lease-in ended, …) the dwelling may be let to another household, who must
 * not be taken for the sitting tenant. Buying the rented dwelling also needs the dwelling still let
 * under that lease: the tenant it is sold to is the household of that lease.
 */
export function requireLeaseStillRunning(t: TransitionOnLease, lease: LeaseState, dwelling: DwellingState | null): void {
  if (lease.status !== 'active') throw leaseNotActive(t, lease);
  if (t.plan !== 'buy-rented-dwelling' || dwelling === null) return;
  if (dwelling.status === 'unregistered') throw dwellingNotFound(t.dwellingId);
  if (dwelling.status === 'let' && dwelling.tenancy?.leaseId === t.leaseId) return;
  if (dwelling.status === 'let') throw letUnderAnotherLease(dwelling, t.leaseId);
  if (dwelling.status === 'sold' || dwelling.status === 'lease-in-ended') throw dwellingHasLeft(dwelling);
  throw noSittingTenant(dwelling);
}

export const leaseNotActive = (t: TransitionOnLease, lease: LeaseState) =>
  new DomainError(
    'LEASE_NOT_ACTIVE',
    lease.status === 'ended'
      ? `lease ${t.leaseId} of transition ${t.transitionId} ended on ${lease.ended?.endedOn} (${lease.ended?.reason}): the household no longer rents under it, so the purchase cannot be completed on this transition. Abandon the transition (and start a new one on the household's current lease if it still buys).`
      : `lease ${t.leaseId} of transition ${t.transitionId} is not active (${lease.status}), so the purchase cannot be completed on this transition. Abandon the transition.`,
    'CONFLICT',
    'transitionId',
  );
