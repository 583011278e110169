import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import type { CommandResult } from '../command-handling/command-executor.js';
import { connection, pageRequest } from '../graphql/connection.js';
import { fromGraphqlEnum, toGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import { Runtime } from '../runtime/runtime.js';
import { requireUuid } from '../portfolio/dwelling/field-rules.js';
import { AllocationsReadModel, type MeetingRow, type OfferRow } from './allocations.read-model.js';
import { AnswerOfferMessage, ExpireOffersMessage } from './answer-offer/answer-offer.message.js';
import type { ConcentrationAssessment } from './concentration-cap.js';
import { MeetingCommandMessage } from './handle-meeting-command/meeting-command.message.js';
import { MakeOfferMessage, type MakeOfferResult } from './make-offer/make-offer.message.js';

const READ_MODELS = ['allocations'];

function meetingNode(row: MeetingRow) {
  return { id: row.meeting_id, heldOn: row.held_on, members: row.members, open: row.status === 'open', closedOn: row.closed_on };
}

function offerNode(row: OfferRow) {
  const c = row.concentration as ConcentrationAssessment | null;
  return {
    id: row.offer_id,
    applicationId: row.application_id,
    dwellingId: row.dwelling_id,
    meetingId: row.meeting_id,
    decidedOn: row.decided_on,
    offeredOn: row.offered_on,
    answerBy: row.answer_by,
    legalBasis: row.legal_basis,
    reasons: row.reasons,
    listPosition: row.list_position,
    listReason: row.list_reason,
    fit: row.fit,
    concentration: c ? [c.building, c.district].map((s) => ({ ...s, scope: toGraphqlEnum(s.scope) })) : [],
    overrideJustification: row.override_justification,
    overrideScopes: (row.override_scopes ?? []).map(toGraphqlEnum),
    status: toGraphqlEnum(row.status),
    answeredOn: row.answered_on,
    declineReason: row.decline_reason,
    actor: row.actor,
  };
}

/** The allocation committee's meetings and offers over GraphQL. */
@Resolver()
export class AllocationsResolver {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(AllocationsReadModel) private readonly allocations: AllocationsReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  @Query('committeeMeeting')
  async committeeMeeting(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const row = await this.allocations.meeting(requireUuid(id, 'id'));
    return row ? meetingNode(row) : null;
  }

  @Query('committeeMeetings')
  async committeeMeetings(@Args('first') first: number | undefined, @Args('after') after: string | undefined, @Args('atLeast') atLeast?: bigint) {
    const request = pageRequest(first, after);
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const { rows, total } = await this.allocations.meetings(request.afterKey, request.first);
    return connection(rows.map(meetingNode), request, (m) => `${m.heldOn}|${m.id}`, total);
  }

  @Query('offer')
  async offer(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const row = await this.allocations.offer(requireUuid(id, 'id'));
    return row ? offerNode(row) : null;
  }

  @Query('offers')
  async offers(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter')
    filter: { status?: string | null; applicationId?: string | null; dwellingId?: string | null; meetingId?: string | null; overriddenOnly?: boolean | null; awaitingLease?: boolean | null } | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const request = pageRequest(first, after);
    // Awaiting a lease reads the applications read model too: wait for both.
    await this.readYourWrites.waitFor(atLeast, filter?.awaitingLease ? [...READ_MODELS, 'applications'] : READ_MODELS);
    const { rows, total } = await this.allocations.offers(
      { ...filter, status: filter?.status ? fromGraphqlEnum(filter.status) : null },
      request.afterKey,
      request.first,
    );
    return connection(rows.map(offerNode), request, (o) => o.id, total);
  }

  @Mutation('conveneCommitteeMeeting')
  async convene(@Args('input') input: { meetingId?: string | null; heldOn: string; members: string[] }, @Context('request') request: RequestContext) {
    const meetingId = input.meetingId ? requireUuid(input.meetingId, 'input.meetingId') : uuidv7();
    const minimumMembers = this.runtime.config.allocation.minimumCommitteeMembers;
    const r: CommandResult = await this.commands.execute(
      new MeetingCommandMessage(
        { type: 'ConveneMeeting', meetingId, actor: request.actor, heldOn: input.heldOn, members: input.members, minimumMembers },
        commandContext(request, `${input.heldOn}T00:00:00.000Z`),
      ),
    );
    return { id: meetingId, position: r.position };
  }

  @Mutation('recordNoOfferDecision')
  async recordNoOffer(
    @Args() args: { meetingId: string; applicationId: string; dwellingId?: string | null; reasons: string },
    @Context('request') request: RequestContext,
  ) {
    const meetingId = requireUuid(args.meetingId, 'meetingId');
    const decision = {
      kind: 'no-offer' as const,
      applicationId: requireUuid(args.applicationId, 'applicationId'),
      dwellingId: args.dwellingId ? requireUuid(args.dwellingId, 'dwellingId') : null,
      reasons: args.reasons,
    };
    const r: CommandResult = await this.commands.execute(
      new MeetingCommandMessage({ type: 'RecordCommitteeDecision', meetingId, actor: request.actor, decision }, commandContext(request, new Date().toISOString())),
    );
    return { id: meetingId, position: r.position };
  }

  @Mutation('closeCommitteeMeeting')
  async close(@Args('meetingId') meetingId: string, @Args('closedOn') closedOn: string, @Context('request') request: RequestContext) {
    const id = requireUuid(meetingId, 'meetingId');
    const r: CommandResult = await this.commands.execute(
      new MeetingCommandMessage({ type: 'CloseMeeting', meetingId: id, actor: request.actor, closedOn }, commandContext(request, `${closedOn}T00:00:00.000Z`)),
    );
    return { id, position: r.position };
  }

  @Mutation('offerDwelling')
  async offerDwelling(
    @Args('input')
    input: {
      offerId?: string | null;
      meetingId: string;
      applicationId: string;
      dwellingId: string;
      offeredOn: string;
      answerBy?: string | null;
      legalBasis: string;
      reasons: string;
      concentrationOverrideJustification?: string | null;
    },
    @Context('request') request: RequestContext,
  ) {
    const offerId = input.offerId ? requireUuid(input.offerId, 'input.offerId') : uuidv7();
    const justification = input.concentrationOverrideJustification;
    const r: MakeOfferResult = await this.commands.execute(
      new MakeOfferMessage(
        {
          offerId,
          meetingId: requireUuid(input.meetingId, 'input.meetingId'),
          applicationId: requireUuid(input.applicationId, 'input.applicationId'),
          dwellingId: requireUuid(input.dwellingId, 'input.dwellingId'),
          offeredOn: input.offeredOn,
          answerBy: input.answerBy ?? null,
          legalBasis: input.legalBasis,
          reasons: input.reasons,
          concentrationOverride: justification === null || justification === undefined ? null : { justification },
        },
        commandContext(request, `${input.offeredOn}T00:00:00.000Z`),
      ),
    );
    return { id: offerId, position: r.position };
  }

  @Mutation('acceptOffer')
  async acceptOffer(@Args('offerId') offerId: string, @Args('acceptedOn') acceptedOn: string, @Context('request') request: RequestContext) {
    const id = requireUuid(offerId, 'offerId');
    const r: { position: bigint | null } = await this.commands.execute(new AnswerOfferMessage({ kind: 'accept', offerId: id, on: acceptedOn }, commandContext(request, `${acceptedOn}T00:00:00.000Z`)));
    return { id, position: r.position };
  }

  @Mutation('declineOffer')
  async declineOffer(
    @Args('offerId') offerId: string,
    @Args('declinedOn') declinedOn: string,
    @Args('reason') reason: string,
    @Context('request') request: RequestContext,
  ) {
    const id = requireUuid(offerId, 'offerId');
    const r: { position: bigint | null } = await this.commands.execute(
      new AnswerOfferMessage({ kind: 'decline', offerId: id, on: declinedOn, reason }, commandContext(request, `${declinedOn}T00:00:00.000Z`)),
    );
    return { id, position: r.position };
  }

  @Mutation('expireOffers')
  async expireOffers(@Args('asOf') asOf: string, @Context('request') request: RequestContext) {
    return this.commands.execute(new ExpireOffersMessage(asOf, commandContext(request, `${asOf}T00:00:00.000Z`)));
  }
}

/** A meeting's decisions and offers, read on demand. */
@Resolver('CommitteeMeeting')
export class CommitteeMeetingFieldResolver {
  constructor(@Inject(AllocationsReadModel) private readonly allocations: AllocationsReadModel) {}

  @ResolveField('decisions')
  async decisions(@Parent() meeting: { id: string }) {
    return (await this.allocations.decisions(meeting.id)).map((d) => ({
      kind: toGraphqlEnum(d.kind),
      offerId: d.offer_id,
      applicationId: d.application_id,
      dwellingId: d.dwelling_id,
      reasons: d.reasons,
      actor: d.actor,
    }));
  }

  @ResolveField('offers')
  async offers(@Parent() meeting: { id: string }) {
    return (await this.allocations.offers({ meetingId: meeting.id }, undefined, 1000)).rows.map(offerNode);
  }
}
