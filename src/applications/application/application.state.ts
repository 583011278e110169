import type { ApplicationKind } from '../application-kind.js';
import type { ApplicationEvent } from './application.events.js';
import type { BackgroundCategory } from '../background-category.js';
import type { Household } from '../household.js';
import type { HousingNeeds } from '../housing-needs.js';
import type { HousingSituation } from '../housing-situation.js';
import type { SealedPersonRecord } from '../personal-data.js';
import type { Urgency } from '../urgency.js';

/**
 * Where an application stands:
 * - 'submitted': waiting for a decision;
 * - 'approved': on the waiting list;
 * - 'rejected': refused (an appeal may follow);
 * - 'appealed': a rejection under appeal;
 * - 'offered': an offer of a dwelling is out, waiting for the household's answer (off the list meanwhile);
 * - 'housed': the household accepted an offer (final; the lease takes over);
 * - 'withdrawn', 'expired': closed; an expired approval can be renewed.
 */
export type ApplicationStatus = 'submitted' | 'approved' | 'rejected' | 'appealed' | 'offered' | 'housed' | 'withdrawn' | 'expired';

export interface NoApplication {
  status: 'none';
}

export interface Application {
  status: ApplicationStatus;
  applicationId: string;
  kind: ApplicationKind;
  currentLeaseId: string | null; // the tenant's lease, for a 'swap' or 'extension'
  submittedOn: string;
  household: Household;
  housingSituation: HousingSituation;
  categories: BackgroundCategory[];
  refugeeArrivalDate: string | null;
  needs: HousingNeeds;
  urgency: Urgency;
  /** The persons' sealed records (subject id + sealed value); never clear personal data. */
  personalData: SealedPersonRecord[];
  /** The first-instance decision; null until decided. */
  decision: { outcome: 'approved' | 'rejected'; decidedOn: string; notifiedOn: string; appealDeadline: string } | null;
  /** The appeal against the rejection, once received; `decidedOn` null while it is pending. */
  appeal: { receivedOn: string; lodgedInTime: boolean; outcome: 'upheld' | 'reversed' | null; decidedOn: string | null } | null;
  /** When the application was approved (by decision or by reversal on appeal); null if never. */
  approvedOn: string | null;
  /** The start of the current validity period: approvedOn or the last renewal. */
  validFrom: string | null;
  /**
   * The length of that period in months, as granted with the approval or renewal; null for one
   * granted before 8 December 2026 (the period was not recorded then: the policy in force applies).
   */
  validityMonths: number | null;
  /** The household's list date (the waiting list's "on the list since"); null when not approved. */
  waitingSince: string | null;
  /** The offer out now (status 'offered'). */
  offer: { offerId: string; dwellingId: string; offeredOn: string } | null;
  /** Every offer made under this application and what came of it, so a repeated step is recognised. */
  offers: Record<string, 'out' | 'declined' | 'expired' | 'signing-abandoned' | 'accepted'>;
  offersDeclined: number;
  offersExpired: number;
  /** The day the application left the list for good or for now: housed, withdrawn or expired. */
  closedOn: string | null;
  /** The day the household last came back to the list after an offer (declined, expired, signing abandoned); null if never. */
  returnedToListOn: string | null;
  /** The day that return was recorded, when later (an offer's expiry recorded late): the approval does not lapse before the day after it. */
  returnRecordedOn: string | null;
  /**
   * The latest step recorded and its day (the latest date any event carried: submitted, decided,
   * appealed, renewed, offered, returned, …): a withdrawal or an expiry cannot be dated before it.
   */
  lastStep: { type: ApplicationEvent['type']; on: string };
}

export type ApplicationState = NoApplication | Application;

export const initialState: ApplicationState = { status: 'none' };
