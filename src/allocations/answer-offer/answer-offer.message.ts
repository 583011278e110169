import type { CommandContext } from '../../event-store/event-envelope.js';

/** The household's answer to an offer, or its expiry for want of an answer. */
export type OfferAnswer =
  | { kind: 'accept'; offerId: string; on: string }
  | { kind: 'decline'; offerId: string; on: string; reason: string }
  | { kind: 'expire'; offerId: string; on: string };

export class AnswerOfferMessage {
  constructor(
    readonly answer: OfferAnswer,
    readonly context: CommandContext,
  ) {}
}

/** Answers every offer still waiting whose deadline passed before `asOf` (time arrives from outside). */
export class ExpireOffersMessage {
  constructor(
    readonly asOf: string,
    readonly context: CommandContext,
  ) {}
}
