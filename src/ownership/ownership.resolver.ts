import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { v7 as uuidv7 } from 'uuid';
import { connection, pageRequest } from '../graphql/connection.js';
import { fromGraphqlEnum, toGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import type { GrantSettlementInput } from '../portfolio/dwelling/grant-settlement.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { isUuid } from '../shared-kernel/uuid.js';
import { TransitionCommandsHandler } from './transition-commands.handler.js';
import { TransitionsReadModel, type TransitionRow } from './transitions.read-model.js';

const READ_MODELS = ['ownership_transitions'];

function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError(field, 'must be a UUID');
  return value.toLowerCase();
}

function transitionNode(r: TransitionRow) {
  return {
    __typename: 'OwnershipTransition',
    id: r.transition_id,
    householdId: r.household_id,
    leaseId: r.lease_id,
    dwellingId: r.dwelling_id,
    plan: toGraphqlEnum(r.plan),
    status: toGraphqlEnum(r.status),
    startedOn: r.started_on,
    counsellingSessions: r.counselling_sessions,
    lastCounselledOn: r.last_counselled_on,
    startlanTotal: Number(r.startlan_total),
    otherFinancingTotal: Number(r.other_financing_total),
    purchasedOn: r.purchased_on,
    price: r.price === null ? null : Number(r.price),
    abandonedOn: r.abandoned_on,
    abandonReason: r.abandon_reason,
    followUpFailure: r.follow_up_failure,
    sortKey: r.sort_key,
  };
}

/** The same settlement input as sellDwelling takes. */
function toGrantSettlement(s: { kind: string; amount?: number | null; overrideJustification?: string | null; consentReference?: string | null; consentDate?: string | null } | null | undefined): GrantSettlementInput | null {
  if (!s) return null;
  return s.kind === 'REPAYMENT'
    ? { kind: 'repayment', amount: s.amount ?? null, overrideJustification: s.overrideJustification ?? null }
    : { kind: 'husbanken-consent', consentReference: s.consentReference ?? '', consentDate: s.consentDate ?? '' };
}

/** Tenant to owner over GraphQL. */
@Resolver('OwnershipTransition')
export class OwnershipResolver {
  constructor(
    @Inject(TransitionsReadModel) private readonly transitions: TransitionsReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(TransitionCommandsHandler) private readonly commands: TransitionCommandsHandler,
  ) {}

  @Query('ownershipTransition')
  async transition(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const row = await this.transitions.byId(requireUuid(id, 'id'));
    return row ? transitionNode(row) : null;
  }

  @Query('ownershipTransitions')
  async list(@Args('status') status: string | undefined, @Args('first') first: number | undefined, @Args('after') after: string | undefined, @Args('atLeast') atLeast?: bigint) {
    const request = pageRequest(first, after);
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const { rows, total } = await this.transitions.page(status ? fromGraphqlEnum(status) : undefined, request.afterKey, request.first);
    return connection(rows.map(transitionNode), request, (n) => n.sortKey, total);
  }

  @Query('tenantToOwnerKpi')
  async kpi(@Args('fromYear') fromYear: number, @Args('toYear') toYear: number, @Args('atLeast') atLeast?: bigint) {
    if (toYear < fromYear) throw new ValidationError('toYear', `must not be before fromYear (${fromYear})`);
    if (toYear - fromYear > 100) throw new ValidationError('toYear', 'at most 100 years at a time');
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    return this.transitions.kpi(fromYear, toYear);
  }

  @ResolveField('startlans')
  async startlans(@Parent() t: { id: string }) {
    const rows = await this.transitions.startlans(t.id);
    return rows.map((r) => ({ loanReference: r.loan_reference, amount: r.amount, grantedOn: r.granted_on, husbankenReportedOn: r.husbanken_reported_on }));
  }

  @Mutation('startOwnershipTransition')
  async start(@Args('input') input: { transitionId?: string | null; leaseId: string; plan: string; startedOn: string }, @Context('request') request: RequestContext) {
    const transitionId = input.transitionId ? requireUuid(input.transitionId, 'input.transitionId') : uuidv7();
    const position = await this.commands.start(
      { type: 'StartTransition', transitionId, leaseId: requireUuid(input.leaseId, 'input.leaseId'), plan: fromGraphqlEnum(input.plan), startedOn: input.startedOn, actor: request.actor },
      commandContext(request, `${input.startedOn}T00:00:00.000Z`),
    );
    return { transitionId, position };
  }

  @Mutation('changeOwnershipTransitionPlan')
  changePlan(@Args() a: { transitionId: string; plan: string; changedOn: string; reason: string }, @Context('request') request: RequestContext) {
    return this.other({ type: 'ChangeTransitionPlan', ...a, plan: fromGraphqlEnum(a.plan) }, a.changedOn, request);
  }

  @Mutation('recordFinancialCounselling')
  counselling(@Args() a: { transitionId: string; counselledOn: string; counsellor: string; summary: string }, @Context('request') request: RequestContext) {
    return this.other({ type: 'RecordFinancialCounselling', ...a }, a.counselledOn, request);
  }

  @Mutation('grantStartlan')
  startlan(
    @Args() a: { transitionId: string; loanReference: string; amount: number; grantedOn: string; husbankenReportedOn?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.other({ type: 'GrantStartlan', ...a, husbankenReportedOn: a.husbankenReportedOn ?? null }, a.grantedOn, request);
  }

  @Mutation('recordOtherFinancing')
  otherFinancing(@Args() a: { transitionId: string; source: string; amount: number; recordedOn: string; note?: string | null }, @Context('request') request: RequestContext) {
    return this.other({ type: 'RecordOtherFinancing', ...a, source: fromGraphqlEnum(a.source), note: a.note ?? null }, a.recordedOn, request);
  }

  @Mutation('abandonOwnershipTransition')
  abandon(@Args() a: { transitionId: string; abandonedOn: string; reason: string }, @Context('request') request: RequestContext) {
    return this.other({ type: 'AbandonTransition', ...a }, a.abandonedOn, request);
  }

  @Mutation('completeOwnershipTransition')
  async complete(
    @Args() a: { transitionId: string; purchasedOn: string; price: number; grantSettlement?: Parameters<typeof toGrantSettlement>[0] },
    @Context('request') request: RequestContext,
  ) {
    const transitionId = requireUuid(a.transitionId, 'transitionId');
    const position = await this.commands.complete(
      { type: 'CompleteTransition', transitionId, purchasedOn: a.purchasedOn, price: a.price, grantSettlement: toGrantSettlement(a.grantSettlement), actor: request.actor },
      commandContext(request, `${a.purchasedOn}T00:00:00.000Z`),
    );
    return { transitionId, position };
  }

  private async other(command: Record<string, unknown> & { type: string; transitionId: string }, occurredOn: string, request: RequestContext) {
    const transitionId = requireUuid(command.transitionId, 'transitionId');
    const position = await this.commands.other({ ...command, transitionId, actor: request.actor } as never, commandContext(request, `${occurredOn}T00:00:00.000Z`));
    return { transitionId, position };
  }
}
