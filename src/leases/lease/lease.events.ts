import type { ContractType, LeaseEndReason, LeaseOrigin, LeaseSecurity, NoticeParty } from './lease-terms.js';

/**
 * Facts about one lease (leiekontrakt), each with who recorded it. Every date is an ISO calendar
 * date 'YYYY-MM-DD'; every amount whole NOK. The household is named by its pseudonymous id (the
 * applicant's subject id); no name or national id is ever in an event.
 *
 * Kept stable: other work (reporting, the data generator) reads these types. Add fields and events;
 * never rename.
 */
export type LeaseEvent = LeaseSigned | RentAdjusted | LeaseRenewed | LeaseNoticeGiven | LeaseEnded | LeaseSigningAbandoned;

export type LeaseEventType = LeaseEvent['type'];

export const LEASE_EVENT_TYPES: readonly LeaseEventType[] = ['LeaseSigned', 'RentAdjusted', 'LeaseRenewed', 'LeaseNoticeGiven', 'LeaseEnded', 'LeaseSigningAbandoned'];

/**
 * The lease starts. `endDate` null is an open-ended lease (tidsubestemt). A time-limited lease shorter
 * than 3 years carries the legal basis for the shorter term (husleieloven § 11-1); `termLegalBasis` is
 * null otherwise. Temporary housing (§ 27) carries `temporaryHousingAimEndDate`: start + 3 months.
 * `previousLeaseId` links a transfer: the household's lease in the dwelling it moved from.
 */
export interface LeaseSigned {
  type: 'LeaseSigned';
  data: {
    leaseId: string;
    householdId: string;
    /** Pseudonymous ids of the other members of the household, as on the application. */
    memberIds: string[];
    dwellingId: string;
    origin: LeaseOrigin;
    contractType: ContractType;
    signedOn: string;
    startDate: string;
    endDate: string | null;
    termLegalBasis: string | null;
    temporaryHousingAimEndDate: string | null;
    monthlyRent: number;
    security: LeaseSecurity;
    previousLeaseId: string | null;
    actor: string;
  };
}

/** Rent adjusted, e.g. by the consumer price index (husleieloven § 4-2): from `effectiveFrom` on. */
export interface RentAdjusted {
  type: 'RentAdjusted';
  data: {
    leaseId: string;
    adjustedOn: string;
    effectiveFrom: string;
    previousRent: number;
    newRent: number;
    basis: 'index' | 'market-level' | 'agreement';
    /** E.g. 'KPI 2025-09: 136.8 / 131.9'; null when the basis names none. */
    indexReference: string | null;
    actor: string;
  };
}

/** The lease is extended: an enkeltvedtak (reasons, legal basis, notified, appeal deadline 3 weeks after). */
export interface LeaseRenewed {
  type: 'LeaseRenewed';
  data: {
    leaseId: string;
    previousEndDate: string;
    newEndDate: string;
    termLegalBasis: string | null;
    decidedOn: string;
    notifiedOn: string;
    appealDeadline: string;
    legalBasis: string;
    reasons: string;
    actor: string;
  };
}

/** Notice (oppsigelse) given by the tenant or the landlord; the lease runs until `effectiveOn`. */
export interface LeaseNoticeGiven {
  type: 'LeaseNoticeGiven';
  data: { leaseId: string; givenBy: NoticeParty; givenOn: string; effectiveOn: string; reason: string | null; actor: string };
}

/**
 * The lease ends. `evictionEnforcedOn` is set only for 'eviction' (the date of the enforcement,
 * fravikelse); `transferLeaseId` only for 'transferred' when the new lease is known (else null).
 * `dwellingId` and `householdId` are repeated so a reader needs no other event.
 */
export interface LeaseEnded {
  type: 'LeaseEnded';
  data: {
    leaseId: string;
    dwellingId: string;
    householdId: string;
    endedOn: string;
    reason: LeaseEndReason;
    evictionEnforcedOn: string | null;
    transferLeaseId: string | null;
    note: string | null;
    actor: string;
  };
}

/**
 * A signing that was cut short before the lease itself was recorded (the household's tenancy and
 * perhaps the dwelling's letting were written, the lease not) is given up: the lease id can never be
 * signed, and the household and the dwelling are released by the steps that follow. Written first,
 * to the lease stream, so it and a late LeaseSigned cannot both happen: whichever is first wins.
 */
export interface LeaseSigningAbandoned {
  type: 'LeaseSigningAbandoned';
  data: { leaseId: string; householdId: string; dwellingId: string; abandonedOn: string; reason: string; actor: string };
}
