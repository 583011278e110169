import type { ApplicationKind } from '../application-kind.js';
import type { BackgroundCategory } from '../background-category.js';
import type { Household } from '../household.js';
import type { HousingNeeds } from '../housing-needs.js';
import type { HousingSituation } from '../housing-situation.js';
import type { ListDatePolicy } from '../list-date-policy.js';
import type { SealedPersonRecord } from '../personal-data.js';
import type { Urgency } from '../urgency.js';

/**
 * Facts about one application (søknad), each with who recorded it. Applications and decisions are
 * kept permanently (archive rules). No event holds a name, a national id or contact details:
 * persons appear only as pseudonymous ids (household.applicantId, household.memberIds).
 * The health-related categories are flags about the household's case, needed for KOSTRA; the API
 * shows them only to the roles that see personal data (src/access/health-categories.ts).
 */
export type ApplicationEvent =
  | ApplicationSubmitted
  | ApplicationDecided
  | AppealReceived
  | AppealDecided
  | ApplicationWithdrawn
  | ApprovalExpired
  | ApprovalRenewed
  | ApplicationOffered
  | ReturnedToWaitingList
  | ApplicantHoused;

export type ApplicationEventType = ApplicationEvent['type'];

export interface ApplicationSubmitted {
  type: 'ApplicationSubmitted';
  data: {
    applicationId: string;
    kind: ApplicationKind;
    currentLeaseId: string | null;
    submittedOn: string;
    household: Household;
    housingSituation: HousingSituation;
    categories: BackgroundCategory[];
    refugeeArrivalDate: string | null;
    needs: HousingNeeds;
    urgency: Urgency;
    /**
     * Names, national ids, contact details and free-text health details, sealed per person with the
     * person's own key; forgetting a person makes their record unreadable, the facts above stay.
     * Absent in events recorded before sealing was wired in: read as [].
     */
    personalData?: SealedPersonRecord[];
    actor: string;
  };
}

export interface ApplicationDecided {
  type: 'ApplicationDecided';
  data: {
    applicationId: string;
    outcome: 'approved' | 'rejected';
    legalBasis: string;
    reasons: string;
    decidedOn: string;
    notifiedOn: string;
    appealDeadline: string; // notifiedOn + 21 days (forvaltningsloven § 29)
    /** An approval's validity period in months, fixed when granted (absent before 8 December 2026, and on a rejection). */
    validityMonths?: number;
    actor: string;
  };
}

export interface AppealReceived {
  type: 'AppealReceived';
  data: {
    applicationId: string;
    receivedOn: string;
    appealDeadline: string;
    lodgedInTime: boolean; // receivedOn on or before appealDeadline; a late appeal is recorded all the same
    actor: string;
  };
}

/** A reversal approves the application from decidedOn: approvedOn is set then, else null. */
export interface AppealDecided {
  type: 'AppealDecided';
  data: {
    applicationId: string;
    outcome: 'upheld' | 'reversed';
    legalBasis: string;
    reasons: string;
    decidedOn: string;
    notifiedOn: string;
    approvedOn: string | null;
    /** With a reversal: the approval's validity period in months, fixed when granted (absent before 8 December 2026). */
    validityMonths?: number;
    actor: string;
  };
}

export interface ApplicationWithdrawn {
  type: 'ApplicationWithdrawn';
  data: { applicationId: string; withdrawnOn: string; reason: string | null; actor: string };
}

/**
 * `validUntil` is the first day the approval could lapse: its start plus the validity period
 * applied. `expiredOn` is the day it lapsed (validUntil, or the household's return to the list
 * from an offer that was out across it); `recordedOn` the day the expiry was recorded. Expiries
 * recorded before 8 December 2026 have no `recordedOn`: they were dated the day they were recorded.
 */
export interface ApprovalExpired {
  type: 'ApprovalExpired';
  data: { applicationId: string; expiredOn: string; recordedOn?: string; validityMonths: number; validFrom: string; validUntil: string; actor: string };
}

/** `waitingSince` is the household's list date after the renewal. */
export interface ApprovalRenewed {
  type: 'ApprovalRenewed';
  data: {
    applicationId: string;
    renewedOn: string;
    reasons: string;
    wasExpired: boolean;
    listDatePolicy: ListDatePolicy;
    waitingSince: string;
    /** The new validity period in months, fixed when granted (absent before 8 December 2026). */
    validityMonths?: number;
    actor: string;
  };
}

export interface ApplicationOffered {
  type: 'ApplicationOffered';
  data: { applicationId: string; offerId: string; dwellingId: string; offeredOn: string; actor: string };
}

/** `waitingSince` is the household's list date from now on, by `listDatePolicy`. */
export interface ReturnedToWaitingList {
  type: 'ReturnedToWaitingList';
  data: {
    applicationId: string;
    offerId: string;
    dwellingId: string;
    offerOutcome: 'declined' | 'expired' | 'signing-abandoned';
    returnedOn: string;
    /** When the return was recorded after returnedOn (an offer's expiry recorded late); absent otherwise. */
    recordedOn?: string;
    reason: string | null;
    listDatePolicy: ListDatePolicy;
    waitingSince: string;
    /** The new validity period in months, fixed when granted (absent before 8 December 2026). */
    validityMonths?: number;
    actor: string;
  };
}

/** The waiting time for statistics: whole days from approval to the accepted offer. */
export interface ApplicantHoused {
  type: 'ApplicantHoused';
  data: {
    applicationId: string;
    offerId: string;
    dwellingId: string;
    approvedOn: string;
    acceptedOn: string;
    waitingDays: number;
    actor: string;
  };
}
