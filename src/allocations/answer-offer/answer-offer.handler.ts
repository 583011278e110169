import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '../../command-handling/command-executor.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { applicationDecider } from '../../applications/application/application.decider.js';
import { applicationStreamId } from '../../applications/application-stream.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import { Runtime } from '../../runtime/runtime.js';
import { appendStep } from '../append-step.js';
import { offerReactions } from '../offer-reactions.js';
import type { OfferCommand } from '../offer/offer.commands.js';
import { offerDecider } from '../offer/offer.decider.js';
import { offerNotFound } from '../offer/offer.errors.js';
import type { OfferEvent } from '../offer/offer.events.js';
import { offerStreamId } from '../offer-stream.js';
import { AnswerOfferMessage, type OfferAnswer } from './answer-offer.message.js';

const OUTCOME = { accept: 'accepted', decline: 'declined', expire: 'expired' } as const;

/**
 * Records the answer in the offer's stream first (the fact), then its consequences
 * (offer-reactions.ts): a declined or expired offer returns the household to the list by the
 * configured list-date rule and releases the dwelling's reservation. An accepted offer only records
 * OfferAccepted: the leases sign the lease from it, let the dwelling (MarkLet) and mark the
 * applicant housed (ApplicantHoused).
 *
 * Safe to re-run: when the offer already has this answer, nothing is decided again and only the
 * consequences not yet recorded are completed (the application step records nothing twice; the
 * release happens only while the dwelling is still held for this application).
 */
@CommandHandler(AnswerOfferMessage)
export class AnswerOfferHandler implements ICommandHandler<AnswerOfferMessage, { offerId: string; position: bigint | null }> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  async execute({ answer, context }: AnswerOfferMessage): Promise<{ offerId: string; position: bigint | null }> {
    const ctx: CommandContext = { ...context, occurredAt: `${answer.on}T00:00:00.000Z` };
    const offer = await this.executor.load(offerDecider, offerStreamId(answer.offerId));
    if (offer.state.status === 'none') throw offerNotFound(answer.offerId);
    let position: bigint | null = null;
    let event: OfferEvent;
    if (offer.state.status === OUTCOME[answer.kind]) {
      const last = offer.events[offer.events.length - 1]!;
      event = { type: last.type, data: last.data } as OfferEvent;
    } else {
      const events = offerDecider.decide(offerCommand(answer, context.actor), offer.state);
      position = (await appendStep(this.store, offerStreamId(answer.offerId), events, offer.revision, ctx, `offer:${answer.offerId}:${answer.kind}`)).position;
      event = events[0]!;
    }
    if (event.type === 'OfferAccepted' || event.type === 'DwellingOffered') return { offerId: answer.offerId, position };

    const reactions = offerReactions(event, this.runtime.config.applications);
    const returned = await this.executor.execute(applicationDecider, applicationStreamId(event.data.applicationId), reactions.application, ctx);
    position = returned.position ?? position;
    if (reactions.dwelling?.type === 'ReleaseReservation') {
      const release = reactions.dwelling;
      const dwelling = await this.executor.load(dwellingDecider, dwellingStreamId(release.dwellingId));
      // Only the reservation this offer made (its household and its day): a later offer of the same
      // dwelling to the same household holds a reservation of its own.
      const reservation = dwelling.state.status === 'reserved' ? dwelling.state.reservation : null;
      if (reservation?.applicationId === release.applicationId && reservation.reservedOn === offer.state.offeredOn) {
        const events = dwellingDecider.decide(release, dwelling.state);
        const step = `offer:${answer.offerId}:release-dwelling@${dwelling.revision + 1n}`;
        position = (await appendStep(this.store, dwellingStreamId(release.dwellingId), events, dwelling.revision, ctx, step)).position ?? position;
      }
    }
    return { offerId: answer.offerId, position };
  }
}

function offerCommand(answer: OfferAnswer, actor: string): OfferCommand {
  switch (answer.kind) {
    case 'accept':
      return { type: 'AcceptOffer', offerId: answer.offerId, actor, acceptedOn: answer.on };
    case 'decline':
      return { type: 'DeclineOffer', offerId: answer.offerId, actor, declinedOn: answer.on, reason: answer.reason };
    case 'expire':
      return { type: 'ExpireOffer', offerId: answer.offerId, actor, recordedOn: answer.on };
  }
}
