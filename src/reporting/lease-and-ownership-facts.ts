/**
 * The fields of the lease and tenant-to-owner events that the report reads.
 *
 * These events belong to the leases and ownership features (src/leases/lease/lease.events.ts,
 * src/ownership/transition/transition.events.ts), which declare them stable: fields are added,
 * never renamed. Reporting refers to them by their type string and reads only the fields below, so
 * it does not depend on those modules being present; these shapes must match theirs.
 */
export const LEASE_EVENT_TYPES_READ = ['LeaseSigned', 'LeaseEnded'] as const;
export const TRANSITION_EVENT_TYPES_READ = ['TransitionStarted', 'TransitionCompleted', 'StartlanGranted'] as const;

export interface LeaseSignedFact {
  leaseId: string;
  householdId: string;
  dwellingId: string;
  origin: { kind: 'offer'; offerId: string; applicationId: string } | { kind: 'opening-balance'; importReference: string };
  contractType: 'ordinary' | 'short-term' | 'temporary-housing';
  startDate: string;
  previousLeaseId: string | null;
}

export interface LeaseEndedFact {
  leaseId: string;
  dwellingId: string;
  householdId: string;
  endedOn: string;
  reason: 'moved-out' | 'eviction' | 'bought-dwelling' | 'transferred' | 'death' | 'lease-in-ended';
  evictionEnforcedOn: string | null;
}

export interface TransitionStartedFact {
  transitionId: string;
  householdId: string;
  dwellingId: string;
}

export interface TransitionCompletedFact {
  transitionId: string;
  householdId: string;
  dwellingId: string;
  plan: 'buy-rented-dwelling' | 'buy-on-market';
  purchasedOn: string;
}

export interface StartlanGrantedFact {
  transitionId: string;
  loanReference: string;
  amount: number;
  grantedOn: string;
}
