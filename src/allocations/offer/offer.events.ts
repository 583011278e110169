import type { ConcentrationAssessment } from '../concentration-cap.js';

/**
 * One offer of one dwelling to one household, from the committee's decision to the answer. Each
 * event names the application and the dwelling, so the Application and Dwelling aggregates can
 * follow it (MarkOffered/ReserveDwelling, MarkOfferDeclinedOrExpired/ReleaseReservation, MarkHoused);
 * an accepted offer is what the leases turn into a lease.
 */
export type OfferEvent = DwellingOffered | OfferAccepted | OfferDeclined | OfferExpired;

export type OfferEventType = OfferEvent['type'];

/**
 * The committee's decision with everything an auditor needs to replay why this household got this
 * dwelling: the meeting, the reasons and legal basis, the household's place on the list, how the
 * dwelling fits, the concentration numbers and any override of the cap.
 */
export interface DwellingOffered {
  type: 'DwellingOffered';
  data: {
    offerId: string;
    applicationId: string;
    dwellingId: string;
    meetingId: string;
    decidedOn: string; // the meeting's date
    offeredOn: string;
    answerBy: string;
    legalBasis: string;
    reasons: string;
    listPosition: { position: number; reason: string } | null;
    fit: { requiredBedrooms: number; dwellingBedrooms: number; inPreferredDistrict: boolean };
    /** Null when the household is in none of the capped categories. */
    concentration: ConcentrationAssessment | null;
    /** Set only when the cap is exceeded: the committee's justification and where it was exceeded. */
    concentrationOverride: { justification: string; exceeded: Array<'building' | 'district'> } | null;
    actor: string;
  };
}

export interface OfferAccepted {
  type: 'OfferAccepted';
  data: { offerId: string; applicationId: string; dwellingId: string; acceptedOn: string; actor: string };
}

export interface OfferDeclined {
  type: 'OfferDeclined';
  data: { offerId: string; applicationId: string; dwellingId: string; declinedOn: string; reason: string; actor: string };
}

/**
 * `expiredOn` is the day the offer lapsed, the day after `answerBy`; `recordedOn` the day the expiry
 * was recorded, when the dwelling was freed. Expiries recorded before 8 December 2026 have no
 * `recordedOn`: they were dated the day they were recorded.
 */
export interface OfferExpired {
  type: 'OfferExpired';
  data: { offerId: string; applicationId: string; dwellingId: string; answerBy: string; expiredOn: string; recordedOn?: string; actor: string };
}
