import type { CommandContext } from '../../event-store/event-envelope.js';

/** The committee, in an open meeting, offers a dwelling to an approved household. */
export interface MakeOfferInput {
  offerId: string;
  meetingId: string;
  applicationId: string;
  dwellingId: string;
  offeredOn: string;
  /** The last day to answer; null: offeredOn + the configured answer days. */
  answerBy: string | null;
  legalBasis: string;
  reasons: string;
  concentrationOverride: { justification: string } | null;
}

export class MakeOfferMessage {
  constructor(
    readonly input: MakeOfferInput,
    readonly context: CommandContext,
  ) {}
}

/** What the offer came to: its state and the position of the last event written (null when a re-run wrote nothing). */
export interface MakeOfferResult {
  offerId: string;
  position: bigint | null;
}
