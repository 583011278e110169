import type { LeaseSigned } from './lease.events.js';
import type { ContractType, LeaseEndReason, NoticeParty } from './lease-terms.js';

/** 'active' from signing until it ends; 'ended' is final. */
export interface NoLease {
  status: 'none';
}

export interface Lease {
  status: 'active' | 'ended';
  leaseId: string;
  householdId: string;
  dwellingId: string;
  contractType: ContractType;
  startDate: string;
  endDate: string | null;
  monthlyRent: number;
  /**
   * When the rent was last fixed: the lease's start, or the latest effectiveFrom of a rent change on
   * any basis (index, market level, agreement). An index adjustment waits a year from it (husleieloven § 4-2).
   */
  rentLastFixedFrom: string;
  notice: { givenBy: NoticeParty; givenOn: string; effectiveOn: string } | null;
  /** `transferLeaseId`: the lease a transfer moved the household to, when named (null for other reasons). */
  ended: { endedOn: string; reason: LeaseEndReason; evictionEnforcedOn: string | null; transferLeaseId: string | null } | null;
  /** The signing as recorded, so a repeated signing can be recognised. */
  signed: LeaseSigned['data'];
}

/** A signing given up before the lease was recorded (LeaseSigningAbandoned): the id can never be signed. */
export interface AbandonedSigning {
  status: 'abandoned';
  leaseId: string;
  householdId: string;
  dwellingId: string;
  abandonedOn: string;
  reason: string;
}

export type LeaseState = NoLease | AbandonedSigning | Lease;

export const initialState: LeaseState = { status: 'none' };
