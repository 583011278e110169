import type { Acquisition } from './acquisition.js';
import type { ConditionGrade } from './condition-grade.js';
import type { DisposalReason } from './disposal.js';
import type { DwellingDescription } from './dwelling-description.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

/**
 * Where a dwelling stands in its lifecycle. 'sold' and 'lease-in-ended' are final: the dwelling
 * has left the portfolio and its history is only read.
 */
export type DwellingStatus =
  | 'available'
  | 'reserved'
  | 'let'
  | 'under-renovation'
  | 'marked-for-disposal'
  | 'sold'
  | 'lease-in-ended';

/** No event yet: the dwelling is not in the portfolio. */
export interface UnregisteredDwelling {
  status: 'unregistered';
}

export interface Dwelling {
  status: DwellingStatus;
  dwellingId: string;
  description: DwellingDescription;
  enteredPortfolioOn: string; // registeredOn or acquiredOn
  acquisition: Acquisition | null; // null for a dwelling registered as opening balance
  rentalHousingGrants: RentalHousingGrant[];
  /** The most recent assessment of each building part, by assessment date. */
  conditionByBuildingPart: Record<string, ConditionRecord>;
  // What the current status is about; each is set while the dwelling is in that status, else null.
  reservation: { applicationId: string; reservedOn: string } | null;
  tenancy: { leaseId: string; applicationId: string | null; letOn: string } | null;
  renovation: { startedOn: string; scope: string; expectedCompletionOn: string | null } | null;
  disposal: { markedOn: string; reason: DisposalReason; note: string | null } | null;
  leftPortfolioOn: string | null; // soldOn or the lease-in's endedOn
  /**
   * The property company's record of this dwelling and the last version of it applied, from the
   * `source` of the latest synced event; both null until a change comes from the property company.
   */
  companyReference: string | null;
  companyVersion: number | null;
}

export interface ConditionRecord {
  grade: ConditionGrade;
  assessedOn: string;
  assessor: string;
  reportReference: string;
}

export type DwellingState = UnregisteredDwelling | Dwelling;

export const initialState: DwellingState = { status: 'unregistered' };
