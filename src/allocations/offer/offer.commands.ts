import type { ApplicationSnapshot } from '../application-snapshot.js';
import type { ConcentrationCapPolicy, ConcentrationCounts } from '../concentration-cap.js';
import type { DwellingFitRules } from '../dwelling-fit.js';
import type { DwellingSnapshot } from '../dwelling-snapshot.js';
import type { MeetingSnapshot } from '../meeting-snapshot.js';

/**
 * Every date is an ISO calendar date 'YYYY-MM-DD'; `actor` is who records the step (the committee's
 * secretary, a caseworker, or 'system' for an automatic expiry). The other aggregates' state and
 * the configured policy arrive as snapshots in the command: deciders do no I/O.
 */
export type OfferCommand = OfferDwelling | AcceptOffer | DeclineOffer | ExpireOffer;

/** The committee decides, in a meeting, to offer a dwelling to an approved household. */
export interface OfferDwelling {
  type: 'OfferDwelling';
  offerId: string;
  actor: string;
  meeting: MeetingSnapshot;
  application: ApplicationSnapshot;
  dwelling: DwellingSnapshot;
  /** Where the household stood on the waiting list when the committee chose it (waiting-list-order.ts); null when not computed. */
  listPosition: { position: number; reason: string } | null;
  concentration: ConcentrationCounts;
  policy: { fit: DwellingFitRules; concentration: ConcentrationCapPolicy };
  /** The committee goes beyond the concentration cap, and says why. Only recorded when the cap is exceeded. */
  concentrationOverride: { justification: string } | null;
  legalBasis: string; // an allocation is an enkeltvedtak: forvaltningsloven §§ 24–25
  reasons: string;
  offeredOn: string; // the day the offer is sent, on or after the meeting
  answerBy: string; // the last day the household can answer
}

export interface AcceptOffer {
  type: 'AcceptOffer';
  offerId: string;
  actor: string;
  acceptedOn: string;
}

export interface DeclineOffer {
  type: 'DeclineOffer';
  offerId: string;
  actor: string;
  declinedOn: string;
  reason: string;
}

/** No answer by the deadline: the offer lapses. */
/** `recordedOn`: the day the expiry is recorded (a job's run day), after the answer deadline. */
export interface ExpireOffer {
  type: 'ExpireOffer';
  offerId: string;
  actor: string;
  recordedOn: string;
}
