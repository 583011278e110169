import type { ContractType, LeaseSecurity } from '../lease/lease-terms.js';

/** The terms a caseworker (or an opening-balance file) gives for a new lease. */
export interface LeaseTermsInput {
  contractType: ContractType;
  signedOn: string;
  startDate: string;
  /** Null or absent: the configured default term for the contract type. */
  endDate?: string | null;
  termLegalBasis?: string | null;
  monthlyRent: number;
  security: LeaseSecurity;
  previousLeaseId?: string | null;
}
