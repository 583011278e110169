import type { ContractType, LeaseEndReason, LeaseOrigin, LeaseSecurity, NoticeParty } from './lease-terms.js';

/**
 * Every date is 'YYYY-MM-DD', every amount whole NOK; `actor` is who records the step. The lease
 * term policy arrives in the command (config), never read by the decider.
 */
export type LeaseCommand = SignLease | AdjustRent | RenewLease | GiveNotice | EndLease | AbandonSigning;

/** How long a time-limited lease must be to need no special basis (husleieloven § 9-3: 3 years). */
export interface LeaseTermRules {
  minimumTimeLimitedMonths: number;
  /** Temporary housing (sosialtjenesteloven § 27) is meant for at most this many months. */
  temporaryHousingAimMonths: number;
}

export interface SignLease {
  type: 'SignLease';
  leaseId: string;
  householdId: string;
  memberIds: string[];
  dwellingId: string;
  origin: LeaseOrigin;
  contractType: ContractType;
  signedOn: string;
  startDate: string;
  endDate: string | null;
  termLegalBasis: string | null;
  monthlyRent: number;
  security: LeaseSecurity;
  previousLeaseId: string | null;
  rules: LeaseTermRules;
  actor: string;
}

export interface AdjustRent {
  type: 'AdjustRent';
  leaseId: string;
  adjustedOn: string;
  effectiveFrom: string;
  newRent: number;
  basis: 'index' | 'market-level' | 'agreement';
  indexReference: string | null;
  actor: string;
}

/** Extending a time-limited lease is an enkeltvedtak: reasons, legal basis, notification. */
export interface RenewLease {
  type: 'RenewLease';
  leaseId: string;
  newEndDate: string;
  termLegalBasis: string | null;
  decidedOn: string;
  notifiedOn: string;
  legalBasis: string;
  reasons: string;
  rules: LeaseTermRules;
  actor: string;
}

export interface GiveNotice {
  type: 'GiveNotice';
  leaseId: string;
  givenBy: NoticeParty;
  givenOn: string;
  effectiveOn: string;
  reason: string | null;
  actor: string;
}

export interface EndLease {
  type: 'EndLease';
  leaseId: string;
  endedOn: string;
  reason: LeaseEndReason;
  evictionEnforcedOn: string | null;
  transferLeaseId: string | null;
  note: string | null;
  actor: string;
}

/** Gives up a signing cut short before the lease was recorded (see LeaseSigningAbandoned). */
export interface AbandonSigning {
  type: 'AbandonSigning';
  leaseId: string;
  householdId: string;
  dwellingId: string;
  abandonedOn: string;
  reason: string;
  actor: string;
}
