import type { ApplicationKind } from '../application-kind.js';
import type { BackgroundCategory } from '../background-category.js';
import type { HouseholdInput } from '../household.js';
import type { HousingNeeds } from '../housing-needs.js';
import type { HousingSituation } from '../housing-situation.js';
import type { ListDatePolicy } from '../list-date-policy.js';
import type { PersonalDataInput, PersonalDataRules, SealedPersonRecord } from '../personal-data.js';
import type { Urgency } from '../urgency.js';

/**
 * Every date is an ISO calendar date 'YYYY-MM-DD' and arrives in the command: the decider reads no
 * clock. `actor` is who records the step: a caseworker's pseudonymous id or a role ('system' for an
 * automatic step such as expiry); every event carries it.
 * Configured policy (validity period, list-date rule) travels in the command too (see applications-policy.ts).
 */
export type ApplicationCommand =
  | SubmitApplication
  | DecideApplication
  | ReceiveAppeal
  | DecideAppeal
  | WithdrawApplication
  | ExpireApproval
  | RenewApproval
  | MarkOffered
  | MarkOfferDeclinedOrExpired
  | MarkHoused;

interface ApplicationStep {
  applicationId: string;
  actor: string;
}

export interface SubmitApplication extends ApplicationStep {
  type: 'SubmitApplication';
  kind: ApplicationKind;
  /** The current municipal lease of a 'swap' or 'extension'; null for a 'new' application. */
  currentLeaseId: string | null;
  submittedOn: string;
  household: HouseholdInput;
  housingSituation: HousingSituation;
  categories: BackgroundCategory[];
  refugeeArrivalDate: string | null; // required with 'refugee-settlement'
  needs: HousingNeeds;
  urgency: Urgency;
  /** Checked, never recorded in an event: see personal-data.ts. The handler checks it, seals it, and sends the sealed form below. */
  personalData?: PersonalDataInput | null;
  /** The persons' records sealed by the vault (one subject per person); recorded in the event as they are. */
  sealedPersonalData?: SealedPersonRecord[] | null;
  /** From ApplicationsPolicy.acceptSyntheticNationalIds; synthetic test numbers are refused when left out. */
  personalDataRules?: PersonalDataRules | null;
}

/** An enkeltvedtak: reasons given with it (§ 24) citing its legal basis (§ 25), the party notified (§ 27). */
export interface DecideApplication extends ApplicationStep {
  type: 'DecideApplication';
  outcome: 'approved' | 'rejected';
  legalBasis: string; // e.g. 'boligsosialloven § 6; kommunens tildelingsforskrift § 3'
  reasons: string;
  decidedOn: string;
  notifiedOn: string; // the day the notification reached the party; the appeal period runs from it
  /** An approval's validity period, fixed with it (the policy in force when granted). */
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths
}

/** An appeal against a rejection, recorded whenever it arrives; one that arrives late is recorded as such. */
export interface ReceiveAppeal extends ApplicationStep {
  type: 'ReceiveAppeal';
  receivedOn: string;
}

export interface DecideAppeal extends ApplicationStep {
  type: 'DecideAppeal';
  /** 'upheld': the rejection stands; 'reversed': the application is approved from the appeal decision. */
  outcome: 'upheld' | 'reversed';
  legalBasis: string;
  reasons: string;
  decidedOn: string;
  notifiedOn: string;
  /** A reversal's validity period, fixed with it (the policy in force when granted). */
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths
}

export interface WithdrawApplication extends ApplicationStep {
  type: 'WithdrawApplication';
  withdrawnOn: string;
  reason: string | null;
  /** An approval that lapsed by the calendar before `withdrawnOn` cannot be withdrawn (see approvalLapsesOn). */
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths: applies only to an approval granted without a recorded period
}

/**
 * Records that an approval has lapsed: its validity period passed without renewal. `recordedOn` is
 * the day the expiry is recorded (a job's run day), on or after the day it lapsed; the event is
 * dated the day it lapsed, whenever the job ran.
 */
export interface ExpireApproval extends ApplicationStep {
  type: 'ExpireApproval';
  recordedOn: string;
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths: applies only to an approval granted without a recorded period
}

/** Extends an approval before it lapses, or revives one that has lapsed (recorded as expired or not). */
export interface RenewApproval extends ApplicationStep {
  type: 'RenewApproval';
  renewedOn: string;
  reasons: string;
  /** Applies only to reviving an expired approval; a renewal before expiry keeps the list date. */
  listDatePolicy: ListDatePolicy;
  /** The new period's length; the period being renewed lapses by its own (or by this, if it was granted without one). */
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths
}

/** From the allocations side: the committee has offered the household a dwelling. */
export interface MarkOffered extends ApplicationStep {
  type: 'MarkOffered';
  offerId: string;
  dwellingId: string;
  offeredOn: string;
  /** An approval that lapsed by the calendar before `offeredOn` takes no offer. */
  validityMonths: number; // ApplicationsPolicy.approvalValidityMonths: applies only to an approval granted without a recorded period
}

/** From the allocations side: the offer was declined or expired; the household is back on the list. */
export interface MarkOfferDeclinedOrExpired extends ApplicationStep {
  type: 'MarkOfferDeclinedOrExpired';
  offerId: string;
  offerOutcome: 'declined' | 'expired' | 'signing-abandoned';
  returnedOn: string;
  /** The day the return is recorded, when later than returnedOn (an offer's expiry recorded late). */
  recordedOn?: string | null;
  reason: string | null; // the household's reason for declining; required for 'declined'
  listDatePolicy: ListDatePolicy;
}

/** From the allocations side: the household accepted the offer; the leases take over. */
export interface MarkHoused extends ApplicationStep {
  type: 'MarkHoused';
  offerId: string;
  acceptedOn: string;
}
