import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import type { CommandResult } from '../command-handling/command-executor.js';
import type { ItemFailure } from '../command-handling/item-failure.js';
import { connection, pageRequest } from '../graphql/connection.js';
import { requireCategoryVisibleTo } from '../access/health-categories.js';
import { fromGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import { Runtime } from '../runtime/runtime.js';
import { DomainError, ValidationError } from '../shared-kernel/domain-error.js';
import { requireUuid } from '../portfolio/dwelling/field-rules.js';
import type { ApplicationCommand, SubmitApplication } from './application/application.commands.js';
import { applicationNode } from './application-node.js';
import type { BackgroundCategory } from './background-category.js';
import { ApplicationsReadModel } from './applications.read-model.js';
import { ApplicationCommandMessage } from './handle-application-command/application-command.message.js';
import { ExpireApprovalsMessage } from './expire-approvals/expire-approvals.message.js';
import { SubmitApplicationMessage } from './submit-application/submit-application.message.js';
import { WaitingListReadModel } from './waiting-list/waiting-list.read-model.js';

const READ_MODELS = ['applications'];

interface PersonInput {
  personId?: string | null;
  name?: string | null;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  healthDetails?: string | null;
}

interface SubmitInput {
  applicationId?: string | null;
  kind: string;
  currentLeaseId?: string | null;
  submittedOn: string;
  applicant: PersonInput;
  members: PersonInput[];
  children: number;
  housingSituation: string;
  categories: string[];
  refugeeArrivalDate?: string | null;
  needs: SubmitApplication['needs'];
  urgency: string;
}

interface DecisionInput {
  outcome: string;
  legalBasis: string;
  reasons: string;
  decidedOn: string;
  notifiedOn: string;
}

function revisionOf(value: string | null | undefined): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  if (!/^-?\d{1,18}$/.test(value)) throw new ValidationError('expectedRevision', 'must be a whole number (the revision you last read)');
  return BigInt(value);
}

/** Applications and the waiting list over GraphQL: queries on the read model, commands on the command bus. */
@Resolver()
export class ApplicationsResolver {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ApplicationsReadModel) private readonly applications: ApplicationsReadModel,
    @Inject(WaitingListReadModel) private readonly waitingListModel: WaitingListReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  @Query('application')
  async application(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const row = await this.applications.byId(requireUuid(id, 'id'));
    return row ? applicationNode(row) : null;
  }

  @Query('applications')
  async list(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter') filter: { status?: string | null; category?: string | null; area?: string | null; kind?: string | null } | undefined,
    @Args('atLeast') atLeast: bigint | undefined,
    @Context('request') caller: RequestContext,
  ) {
    const category = filter?.category ? fromGraphqlEnum<BackgroundCategory>(filter.category) : null;
    requireCategoryVisibleTo(caller.role, category, 'filter.category');
    const request = pageRequest(first, after);
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const { rows, total } = await this.applications.page(
      {
        status: filter?.status ? fromGraphqlEnum(filter.status) : null,
        category,
        area: filter?.area ?? null,
        kind: filter?.kind ? fromGraphqlEnum(filter.kind) : null,
      },
      request.afterKey,
      request.first,
    );
    return connection(rows.map(applicationNode), request, (n) => n.id, total);
  }

  /** The list is ordered in full by the configured rules, then paged; the cursor is the position. */
  @Query('waitingList')
  async waitingList(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('atLeast') atLeast?: bigint,
    @Args('asOf') asOf?: string,
  ) {
    const request = pageRequest(first, after);
    const from = request.afterKey === undefined ? 0 : Number(request.afterKey);
    if (!Number.isInteger(from) || from < 0) throw new ValidationError('after', 'must be a cursor returned by an earlier page');
    // With `asOf`, every event recorded up to then must be in the read model: wait for the head as it is now.
    const head = asOf === undefined ? undefined : await this.runtime.store.headPosition();
    await this.readYourWrites.waitFor(head !== undefined && (atLeast === undefined || atLeast < head) ? head : atLeast, READ_MODELS);
    const rules = this.runtime.config.applications.waitingList;
    // One more than asked, so the connection can tell whether a next page follows.
    const { positions, total, rows } = await this.waitingListModel.page(rules, from, request.first + 1, asOf === undefined ? undefined : { recordedAt: asOf });
    const page = positions.map((p) => {
      const row = rows.get(p.applicationId)!;
      return { position: p.position, reason: p.reason, waitingSince: row.waiting_since, application: applicationNode(row) };
    });
    return { ...connection(page, request, (n) => String(n.position), total), rules: rules.order };
  }

  @Mutation('submitApplication')
  async submitApplication(@Args('input') input: SubmitInput, @Context('request') request: RequestContext) {
    const applicationId = input.applicationId ? requireUuid(input.applicationId, 'input.applicationId') : uuidv7();
    const persons = [input.applicant, ...(input.members ?? [])].map((p, i) => ({
      ...p,
      personId: p.personId ? requireUuid(p.personId, i === 0 ? 'input.applicant.personId' : `input.members[${i - 1}].personId`) : uuidv7(),
    }));
    const [applicant, ...members] = persons;
    const command: SubmitApplication = {
      type: 'SubmitApplication',
      applicationId,
      actor: request.actor,
      kind: fromGraphqlEnum(input.kind),
      currentLeaseId: input.currentLeaseId ?? null,
      submittedOn: input.submittedOn,
      household: { applicantId: applicant!.personId, memberIds: members.map((m) => m.personId), children: input.children },
      housingSituation: fromGraphqlEnum(input.housingSituation),
      categories: input.categories.map((c) => fromGraphqlEnum(c)),
      refugeeArrivalDate: input.refugeeArrivalDate ?? null,
      needs: input.needs,
      urgency: fromGraphqlEnum(input.urgency),
      personalData: {
        persons: persons.map((p) => ({
          personId: p.personId,
          name: p.name as string,
          nationalId: p.nationalId ?? null,
          phone: p.phone ?? null,
          email: p.email ?? null,
          healthDetails: p.healthDetails ?? null,
        })),
      },
    };
    try {
      const result: CommandResult = await this.commands.execute(new SubmitApplicationMessage(command, commandContext(request, `${input.submittedOn}T00:00:00.000Z`)));
      return payload(applicationId, result);
    } catch (error) {
      throw renamePersonFields(error, persons.length);
    }
  }

  @Mutation('decideApplication')
  decideApplication(
    @Args('applicationId') applicationId: string,
    @Args('input') input: DecisionInput,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    return this.run(
      { type: 'DecideApplication', applicationId, actor: request.actor, ...input, outcome: fromGraphqlEnum(input.outcome), validityMonths: this.runtime.config.applications.approvalValidityMonths },
      request,
      input.decidedOn,
      expectedRevision,
    );
  }

  @Mutation('receiveAppeal')
  receiveAppeal(
    @Args('applicationId') applicationId: string,
    @Args('receivedOn') receivedOn: string,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    return this.run({ type: 'ReceiveAppeal', applicationId, actor: request.actor, receivedOn }, request, receivedOn, expectedRevision);
  }

  @Mutation('decideAppeal')
  decideAppeal(
    @Args('applicationId') applicationId: string,
    @Args('input') input: DecisionInput,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    return this.run(
      { type: 'DecideAppeal', applicationId, actor: request.actor, ...input, outcome: fromGraphqlEnum(input.outcome), validityMonths: this.runtime.config.applications.approvalValidityMonths },
      request,
      input.decidedOn,
      expectedRevision,
    );
  }

  @Mutation('withdrawApplication')
  withdrawApplication(
    @Args('applicationId') applicationId: string,
    @Args('withdrawnOn') withdrawnOn: string,
    @Args('reason') reason: string | null,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    const validityMonths = this.runtime.config.applications.approvalValidityMonths;
    return this.run({ type: 'WithdrawApplication', applicationId, actor: request.actor, withdrawnOn, reason: reason ?? null, validityMonths }, request, withdrawnOn, expectedRevision);
  }

  @Mutation('expireApproval')
  expireApproval(
    @Args('applicationId') applicationId: string,
    @Args('expiredOn') expiredOn: string,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    const validityMonths = this.runtime.config.applications.approvalValidityMonths;
    // `expiredOn` names the day the expiry is recorded; the event is dated the day the approval lapsed.
    return this.run({ type: 'ExpireApproval', applicationId, actor: request.actor, recordedOn: expiredOn, validityMonths }, request, expiredOn, expectedRevision);
  }

  /** Time arrives from outside: a scheduler or a caseworker names the day. Each expiry is its own command. */
  @Mutation('expireApprovals')
  expireApprovals(@Args('asOf') asOf: string, @Context('request') request: RequestContext): Promise<{ expired: string[]; failed: ItemFailure[]; position: bigint | null }> {
    return this.commands.execute(new ExpireApprovalsMessage(asOf, commandContext(request, `${asOf}T00:00:00.000Z`)));
  }

  @Mutation('renewApproval')
  renewApproval(
    @Args('applicationId') applicationId: string,
    @Args('renewedOn') renewedOn: string,
    @Args('reasons') reasons: string,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    const { listDateAfterRenewalOfExpired: listDatePolicy, approvalValidityMonths: validityMonths } = this.runtime.config.applications;
    return this.run({ type: 'RenewApproval', applicationId, actor: request.actor, renewedOn, reasons, listDatePolicy, validityMonths }, request, renewedOn, expectedRevision);
  }

  private async run(command: ApplicationCommand, request: RequestContext, occurredOn: string, expectedRevision: string | null | undefined) {
    const applicationId = requireUuid(command.applicationId, 'applicationId');
    const result: CommandResult = await this.commands.execute(
      new ApplicationCommandMessage({ ...command, applicationId }, commandContext(request, `${occurredOn}T00:00:00.000Z`), revisionOf(expectedRevision)),
    );
    return payload(applicationId, result);
  }
}

function payload(applicationId: string, result: CommandResult) {
  return { applicationId, revision: result.revision.toString(), position: result.position, changed: result.events.length > 0 };
}

/**
 * The decider names fields by its own command (personalData.persons[0] is the applicant,
 * household.children); the API names them as the caller sent them (input.applicant,
 * input.members[0], input.children). The message names the rule only, never the value.
 */
function renamePersonFields(error: unknown, count: number): unknown {
  if (!(error instanceof DomainError) || !error.field) return error;
  const field = apiField(error.field, count);
  if (field === error.field) return error;
  return new DomainError(error.code, error.message.split(error.field).join(field), error.category, field);
}

function apiField(field: string, count: number): string {
  const person = /^personalData\.persons\[(\d+)\](.*)$/.exec(field);
  if (person) {
    const index = Number(person[1]);
    if (index >= count) return field;
    return `${index === 0 ? 'input.applicant' : `input.members[${index - 1}]`}${person[2]}`;
  }
  const member = /^household\.memberIds\[(\d+)\]$/.exec(field);
  if (member) return `input.members[${member[1]}].personId`;
  if (field === 'household.applicantId') return 'input.applicant.personId';
  if (field === 'household.children') return 'input.children';
  return field.startsWith('input.') || field === 'actor' ? field : `input.${field}`;
}
