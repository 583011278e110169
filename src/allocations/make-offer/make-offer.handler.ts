import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '../../command-handling/command-executor.js';
import type { CommandContext, RecordedEvent } from '../../event-store/event-envelope.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { applicationDecider } from '../../applications/application/application.decider.js';
import { applicationNotFound } from '../../applications/application/application.errors.js';
import type { Application } from '../../applications/application/application.state.js';
import { applicationStreamId } from '../../applications/application-stream.js';
import { ApplicationsReadModel } from '../../applications/applications.read-model.js';
import { addDays } from '../../applications/calendar-arithmetic.js';
import { waitingListPositionOf } from '../../applications/waiting-list/waiting-list-order.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import { requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import type { DwellingReserved } from '../../portfolio/dwelling/dwelling.events.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import { ReadYourWrites } from '../../graphql/read-your-writes.js';
import { Runtime } from '../../runtime/runtime.js';
import { DomainError, NotFoundError } from '../../shared-kernel/domain-error.js';
import { AllocationsReadModel } from '../allocations.read-model.js';
import { appendStep, stepEventId } from '../append-step.js';
import { readModelsCaughtUp } from '../../command-handling/read-models-caught-up.js';
import type { ApplicationSnapshot } from '../application-snapshot.js';
import { committeeMeetingDecider } from '../committee-meeting/committee-meeting.decider.js';
import { meetingNotFound } from '../committee-meeting/committee-meeting.errors.js';
import { dwellingSnapshot } from '../dwelling-snapshot.js';
import { meetingSnapshot } from '../meeting-snapshot.js';
import { meetingStreamId } from '../meeting-stream.js';
import type { OfferDwelling } from '../offer/offer.commands.js';
import { offerDecider } from '../offer/offer.decider.js';
import type { Offer, OfferState } from '../offer/offer.state.js';
import { offerStreamId } from '../offer-stream.js';
import { DistrictLock } from './district-lock.js';
import { MakeOfferMessage, type MakeOfferInput, type MakeOfferResult } from './make-offer.message.js';

/**
 * Makes an offer across three aggregates, so that nothing is lost or doubled on a crash or retry:
 *
 * 1. read the meeting, the application, the dwelling (with its revision), the concentration counts
 *    and the household's place on the list, and decide the offer (offer.decider.ts), the
 *    reservation and the marking of the application (both deciders are pure): a refusal by any of
 *    them stops here, before anything is written;
 * 2. reserve the dwelling at the revision read (a second offer of the same dwelling, or any change
 *    to it meanwhile, is refused: the dwelling stream is what makes double allocation impossible);
 * 3. mark the application offered at the revision read (an application changed meanwhile is
 *    refused by the store, and the reservation of step 2 is released again);
 * 4. write the offer (DwellingOffered), then list it in the meeting's minutes.
 *
 * Every event of steps 2–4 has an id derived from the offer id and the step (append-step.ts). A
 * re-run of the same command after a crash therefore recognises its own reservation (by that id,
 * and only when it names the same application) and marking, and carries on from where it stopped;
 * once the offer exists, a re-run only completes the steps after it. Claims come before the offer,
 * so an offer never points at a dwelling that is not held for it.
 *
 * Offers of dwellings in the same district are made one at a time, across processes too
 * (district-lock.ts; the district holds the building, so both caps are counted after the previous
 * offer is in the read model).
 */
@CommandHandler(MakeOfferMessage)
export class MakeOfferHandler implements ICommandHandler<MakeOfferMessage, MakeOfferResult> {
  private readonly districts: DistrictLock;

  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(ApplicationsReadModel) private readonly applications: ApplicationsReadModel,
    @Inject(AllocationsReadModel) private readonly allocations: AllocationsReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {
    this.districts = new DistrictLock(runtime.lockPool);
  }

  async execute({ input, context }: MakeOfferMessage): Promise<MakeOfferResult> {
    const ctx: CommandContext = { ...context, occurredAt: `${input.offeredOn}T00:00:00.000Z` };
    const offer = await this.executor.load(offerDecider, offerStreamId(input.offerId));
    if (offer.state.status !== 'none' && offer.state.applicationId === input.applicationId && offer.state.dwellingId === input.dwellingId) {
      return { offerId: input.offerId, position: await this.completeAfterOffer(offer.state, ctx) };
    }
    const district = dwellingSnapshot((await this.executor.load(dwellingDecider, dwellingStreamId(input.dwellingId))).state)?.district ?? input.dwellingId;
    return this.districts.run(district, () => this.offer(input, ctx, offer.state));
  }

  private async offer(input: MakeOfferInput, ctx: CommandContext, offerState: OfferState): Promise<MakeOfferResult> {
    const policy = this.runtime.config.allocation;

    // The counts and the list position come from read models: read them only once they have seen everything before this command.
    await readModelsCaughtUp(this.runtime, this.readYourWrites, ['applications', 'allocations', 'dwellings']);
    const meeting = meetingSnapshot((await this.executor.load(committeeMeetingDecider, meetingStreamId(input.meetingId))).state);
    if (!meeting) throw meetingNotFound(input.meetingId);
    const application = await this.executor.load(applicationDecider, applicationStreamId(input.applicationId));
    if (application.state.status === 'none') throw applicationNotFound(input.applicationId);
    const a: Application = application.state;
    const dwelling = await this.executor.load(dwellingDecider, dwellingStreamId(input.dwellingId));
    const snapshot = dwellingSnapshot(dwelling.state);
    if (!snapshot) throw new NotFoundError('DWELLING_NOT_FOUND', `There is no dwelling ${input.dwellingId} in the portfolio.`, 'dwellingId');
    // Not offered before it is the municipality's to offer (the reservation refuses it too, under its own field).
    if (dwelling.state.status !== 'unregistered') {
      requireNotBefore(input.offeredOn, 'offeredOn', dwelling.state.enteredPortfolioOn, 'the day the dwelling entered the register');
    }

    // A run that crashed after its own claims: they count as not yet made.
    // Step names carry the revision they write, so a reservation released by a compensation and made
    // again by a re-run gets a new id, and the current reservation is recognised as ours by its id.
    // The id comes from the offer id alone: a re-run of that id for another household must not take
    // over a reservation that names the first one, so the reservation's application must match too.
    const reserveStep = (revision: bigint) => `offer:${input.offerId}:reserve-dwelling@${revision}`;
    const lastReservation = [...dwelling.events].reverse().find((e) => e.type === 'DwellingReserved') as RecordedEvent<'DwellingReserved', DwellingReserved['data']> | undefined;
    const reservedByUs =
      dwelling.state.status === 'reserved' &&
      lastReservation !== undefined &&
      lastReservation.id === stepEventId(reserveStep(lastReservation.revision)) &&
      lastReservation.data.applicationId === input.applicationId;
    const markStep = `offer:${input.offerId}:mark-application@${application.revision + 1n}`;
    const markedByUs = a.status === 'offered' && a.offer?.offerId === input.offerId;
    const applicationSnapshot: ApplicationSnapshot = {
      applicationId: a.applicationId,
      household: a.household,
      needs: a.needs,
      categories: a.categories,
      status: markedByUs ? 'approved' : a.status,
      approvedOn: a.approvedOn,
      validFrom: a.validFrom,
      returnedToListOn: a.returnedToListOn,
    };
    const command: OfferDwelling = {
      type: 'OfferDwelling',
      offerId: input.offerId,
      actor: ctx.actor,
      meeting,
      application: applicationSnapshot,
      dwelling: reservedByUs ? { ...snapshot, status: 'available' } : snapshot,
      listPosition: await this.listPosition(input.applicationId),
      concentration: await this.allocations.concentrationCounts(input.dwellingId, snapshot.buildingKey, snapshot.district, policy.concentration.categories),
      policy: { fit: policy.fit, concentration: policy.concentration },
      concentrationOverride: input.concentrationOverride,
      legalBasis: input.legalBasis,
      reasons: input.reasons,
      offeredOn: input.offeredOn,
      answerBy: input.answerBy ?? addDays(input.offeredOn, policy.answerDays),
    };
    const offered = offerDecider.decide(command, offerState);
    // Every step decided before the first write: a refusal of any of them leaves every stream as it was.
    const reserve = reservedByUs
      ? []
      : dwellingDecider.decide({ type: 'ReserveDwelling', dwellingId: input.dwellingId, applicationId: input.applicationId, reservedOn: input.offeredOn }, dwelling.state);
    const mark = markedByUs
      ? []
      : applicationDecider.decide(
          {
            type: 'MarkOffered',
            applicationId: input.applicationId,
            actor: ctx.actor,
            offerId: input.offerId,
            dwellingId: input.dwellingId,
            offeredOn: input.offeredOn,
            validityMonths: this.runtime.config.applications.approvalValidityMonths,
          },
          a,
        );

    await appendStep(this.store, dwellingStreamId(input.dwellingId), reserve, dwelling.revision, ctx, reserveStep(dwelling.revision + 1n));
    try {
      await appendStep(this.store, applicationStreamId(input.applicationId), mark, application.revision, ctx, markStep);
    } catch (error) {
      // Refused by the store (the application changed since it was read): the marking is not
      // written, so the reservation is released again. Any other failure (a lost connection) may
      // have written it: the claims stay for a re-run of the command, as after a crash.
      if (error instanceof DomainError) {
        await this.release(input.offerId, input.dwellingId, input.applicationId, input.offeredOn, 'offer not completed: the application changed', ctx);
      }
      throw error;
    }
    const written = await appendStep(this.store, offerStreamId(input.offerId), offered, -1n, ctx, `offer:${input.offerId}:offered`);
    const minutes = await this.recordInMinutes(input.meetingId, input.offerId, input.applicationId, input.dwellingId, ctx);
    return { offerId: input.offerId, position: minutes ?? written.position };
  }

  /** The household's place on the waiting list now, by the configured rules, for the record. */
  private async listPosition(applicationId: string): Promise<{ position: number; reason: string } | null> {
    const entries = await this.applications.waitingListEntries();
    const place = waitingListPositionOf(entries, this.runtime.config.applications.waitingList, applicationId);
    return place ? { position: place.position, reason: place.reason } : null;
  }

  /** A re-run once the offer exists: complete the marking and the minutes, each of which records nothing twice. */
  private async completeAfterOffer(o: Offer, ctx: CommandContext): Promise<bigint | null> {
    if (o.status !== 'made') return null;
    const marked = await this.executor.execute(
      applicationDecider,
      applicationStreamId(o.applicationId),
      {
        type: 'MarkOffered',
        applicationId: o.applicationId,
        actor: ctx.actor,
        offerId: o.offerId,
        dwellingId: o.dwellingId,
        offeredOn: o.offeredOn,
        validityMonths: this.runtime.config.applications.approvalValidityMonths,
      },
      ctx,
    );
    const minutes = await this.recordInMinutes(o.meetingId, o.offerId, o.applicationId, o.dwellingId, ctx);
    return minutes ?? marked.position;
  }

  /**
   * Lists the offer in the meeting's minutes. The offer is already decided in the meeting (its
   * event names the meeting); if the minutes were closed in the meantime, the offer stands and the
   * offers read model still lists it under the meeting.
   */
  private async recordInMinutes(meetingId: string, offerId: string, applicationId: string, dwellingId: string, ctx: CommandContext): Promise<bigint | null> {
    try {
      const r = await this.executor.execute(
        committeeMeetingDecider,
        meetingStreamId(meetingId),
        { type: 'RecordCommitteeDecision', meetingId, actor: ctx.actor, decision: { kind: 'offer', offerId, applicationId, dwellingId } },
        ctx,
      );
      return r.position;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'MEETING_CLOSED') return null;
      throw error;
    }
  }

  private async release(offerId: string, dwellingId: string, applicationId: string, on: string, reason: string, ctx: CommandContext): Promise<void> {
    const dwelling = await this.executor.load(dwellingDecider, dwellingStreamId(dwellingId));
    if (dwelling.state.status !== 'reserved' || dwelling.state.reservation?.applicationId !== applicationId) return;
    const events = dwellingDecider.decide({ type: 'ReleaseReservation', dwellingId, applicationId, releasedOn: on, reason }, dwelling.state);
    await appendStep(this.store, dwellingStreamId(dwellingId), events, dwelling.revision, ctx, `offer:${offerId}:release-dwelling@${dwelling.revision + 1n}`);
  }
}
