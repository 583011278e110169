import { NodeLookup } from '../graphql/node-lookup.js';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { connection, pageRequest } from '../graphql/connection.js';
import { fromGraphqlEnum, toGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import { Runtime } from '../runtime/runtime.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { isUuid } from '../shared-kernel/uuid.js';
import type { LeaseSecurity } from './lease/lease-terms.js';
import { LeaseCommandsHandler } from './lease-commands.handler.js';
import { leaseNode } from './lease.node.js';
import { LEASE_TERM_RULES } from './lease-term-policy.js';
import { LeasesReadModel, type LeaseListFilter } from './leases.read-model.js';
import { SignLeaseHandler } from './sign-lease/sign-lease.handler.js';
import { AbandonSigningHandler } from './abandon-signing/abandon-signing.handler.js';

const READ_MODELS = ['leases'];

interface SecurityInput {
  kind: string;
  amount?: number | null;
  guarantor?: string | null;
  reference?: string | null;
}

export function toSecurity(input: SecurityInput | null | undefined): LeaseSecurity {
  if (!input) throw new ValidationError('security', 'is required (NONE when there is none)', 'FIELD_REQUIRED');
  const kind = fromGraphqlEnum<LeaseSecurity['kind']>(input.kind);
  if (kind !== 'guarantee') {
    // Parts this kind has no use for are passed on: the decider refuses them, they are never dropped here.
    const guarantor = input.guarantor ? fromGraphqlEnum(input.guarantor) : null;
    return { kind, amount: input.amount ?? null, guarantor, reference: input.reference ?? null } as unknown as LeaseSecurity;
  }
  return { kind, amount: input.amount as number, guarantor: fromGraphqlEnum(input.guarantor ?? ''), reference: input.reference ?? null };
}

function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError(field, 'must be a UUID');
  return value.toLowerCase();
}

/** Leases over GraphQL: the commands through their handlers, the queries on the leases read model. */
@Resolver('Lease')
export class LeasesResolver {
  constructor(
    @Inject(LeasesReadModel) private readonly leases: LeasesReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(SignLeaseHandler) private readonly signing: SignLeaseHandler,
    @Inject(AbandonSigningHandler) private readonly abandoning: AbandonSigningHandler,
    @Inject(LeaseCommandsHandler) private readonly commands: LeaseCommandsHandler,
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(NodeLookup) nodes: NodeLookup,
  ) {
    nodes.register(async (id) => {
      const row = await this.leases.byId(id);
      return row ? leaseNode(row) : null;
    });
  }

  @Query('lease')
  async lease(@Args('id') id: string, @Args('atLeast') atLeast?: bigint, @Args('asOf') asOf?: string) {
    // With `asOf`, every event recorded up to then must be in the read model: wait for the head as it is now.
    const head = asOf === undefined ? undefined : await this.runtime.store.headPosition();
    await this.readYourWrites.waitFor(head !== undefined && (atLeast === undefined || atLeast < head) ? head : atLeast, READ_MODELS);
    const row = await this.leases.byId(requireUuid(id, 'id'), asOf === undefined ? undefined : { recordedAt: asOf });
    return row ? leaseNode(row) : null;
  }

  @Query('leases')
  async list(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter') filter: { status?: string; householdId?: string; dwellingId?: string; contractType?: string; endReason?: string } | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const f: LeaseListFilter = {
      status: filter?.status ? fromGraphqlEnum(filter.status) : undefined,
      householdId: filter?.householdId,
      dwellingId: filter?.dwellingId ? requireUuid(filter.dwellingId, 'filter.dwellingId') : undefined,
      contractType: filter?.contractType ? fromGraphqlEnum(filter.contractType) : undefined,
      endReason: filter?.endReason ? fromGraphqlEnum(filter.endReason) : undefined,
    };
    return this.pageOf(f, first, after, atLeast);
  }

  @Query('activeLeases')
  active(@Args('first') first: number | undefined, @Args('after') after: string | undefined, @Args('atLeast') atLeast?: bigint) {
    return this.pageOf({ statuses: ['active', 'under-notice'] }, first, after, atLeast);
  }

  @Query('householdTenancyHistory')
  history(@Args('householdId') householdId: string, @Args('first') first: number | undefined, @Args('after') after: string | undefined, @Args('atLeast') atLeast?: bigint) {
    return this.pageOf({ householdId }, first, after, atLeast);
  }

  @Query('leasesEndingWithin')
  async endingWithin(
    @Args('asOf') asOf: string,
    @Args('days') days: number | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const window = days ?? this.runtime.config.leaseRenewalWindowDays;
    if (!Number.isInteger(window) || window < 1 || window > 3650) throw new ValidationError('days', 'must be a whole number from 1 to 3650');
    const request = pageRequest(first, after);
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const { rows, total } = await this.leases.endingWithin(asOf, window, request.afterKey, request.first);
    return connection(rows.map(leaseNode), request, (n) => n.sortKey, total);
  }

  @Query('evictions')
  async evictions(@Args('from') from: string, @Args('to') to: string, @Args('atLeast') atLeast?: bigint) {
    if (to < from) throw new ValidationError('to', `must not be before from (${from})`, 'DATE_OUT_OF_ORDER');
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    return { from, to, ...(await this.leases.evictions(from, to)) };
  }

  private async pageOf(filter: LeaseListFilter, first: number | undefined, after: string | undefined, atLeast?: bigint) {
    const request = pageRequest(first, after);
    await this.readYourWrites.waitFor(atLeast, READ_MODELS);
    const { rows, total } = await this.leases.page(filter, request.afterKey, request.first);
    return connection(rows.map(leaseNode), request, (n) => n.sortKey, total);
  }

  @ResolveField('rentChanges')
  async rentChanges(@Parent() lease: { id: string }) {
    const rows = await this.leases.rentChanges(lease.id);
    return rows.map((r) => ({
      adjustedOn: r.adjusted_on,
      effectiveFrom: r.effective_from,
      previousRent: r.previous_rent,
      newRent: r.new_rent,
      basis: toGraphqlEnum(r.basis),
      indexReference: r.index_reference,
    }));
  }

  @ResolveField('renewals')
  async renewals(@Parent() lease: { id: string }) {
    const rows = await this.leases.renewals(lease.id);
    return rows.map((r) => ({
      previousEndDate: r.previous_end_date,
      newEndDate: r.new_end_date,
      decidedOn: r.decided_on,
      notifiedOn: r.notified_on,
      appealDeadline: r.appeal_deadline,
      legalBasis: r.legal_basis,
      reasons: r.reasons,
    }));
  }

  @Mutation('signLease')
  async signLease(
    @Args('input')
    input: {
      offerId: string;
      contractType: string;
      signedOn: string;
      startDate: string;
      endDate?: string | null;
      termLegalBasis?: string | null;
      monthlyRent: number;
      security: SecurityInput;
      previousLeaseId?: string | null;
    },
    @Context('request') request: RequestContext,
  ) {
    const signed = await this.signing.signFromOffer(
      requireUuid(input.offerId, 'input.offerId'),
      {
        contractType: fromGraphqlEnum(input.contractType),
        signedOn: input.signedOn,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        termLegalBasis: input.termLegalBasis ?? null,
        monthlyRent: input.monthlyRent,
        security: toSecurity(input.security),
        previousLeaseId: input.previousLeaseId ?? null,
      },
      commandContext(request, `${input.signedOn}T00:00:00.000Z`),
    );
    return { leaseId: signed.leaseId, position: signed.position };
  }

  @Mutation('abandonLeaseSigning')
  async abandonLeaseSigning(@Args('input') input: { offerId: string; abandonedOn: string; reason: string }, @Context('request') request: RequestContext) {
    const abandoned = await this.abandoning.abandonFromOffer(
      requireUuid(input.offerId, 'input.offerId'),
      input.abandonedOn,
      input.reason,
      commandContext(request, `${input.abandonedOn}T00:00:00.000Z`),
    );
    return { leaseId: abandoned.leaseId, position: abandoned.position };
  }

  @Mutation('adjustRent')
  async adjustRent(
    @Args('input') input: { leaseId: string; adjustedOn: string; effectiveFrom: string; newRent: number; basis: string; indexReference?: string | null },
    @Context('request') request: RequestContext,
  ) {
    const leaseId = requireUuid(input.leaseId, 'input.leaseId');
    const position = await this.commands.onLease(
      { type: 'AdjustRent', ...input, leaseId, basis: fromGraphqlEnum(input.basis), indexReference: input.indexReference ?? null, actor: request.actor },
      commandContext(request, `${input.adjustedOn}T00:00:00.000Z`),
    );
    return { leaseId, position };
  }

  @Mutation('renewLease')
  async renewLease(
    @Args('input')
    input: { leaseId: string; newEndDate: string; termLegalBasis?: string | null; decidedOn: string; notifiedOn: string; legalBasis: string; reasons: string },
    @Context('request') request: RequestContext,
  ) {
    const leaseId = requireUuid(input.leaseId, 'input.leaseId');
    const position = await this.commands.onLease(
      { type: 'RenewLease', ...input, leaseId, termLegalBasis: input.termLegalBasis ?? null, rules: LEASE_TERM_RULES, actor: request.actor },
      commandContext(request, `${input.decidedOn}T00:00:00.000Z`),
    );
    return { leaseId, position };
  }

  @Mutation('giveLeaseNotice')
  async giveNotice(
    @Args('input') input: { leaseId: string; givenBy: string; givenOn: string; effectiveOn: string; reason?: string | null },
    @Context('request') request: RequestContext,
  ) {
    const leaseId = requireUuid(input.leaseId, 'input.leaseId');
    const position = await this.commands.onLease(
      { type: 'GiveNotice', ...input, leaseId, givenBy: fromGraphqlEnum(input.givenBy), reason: input.reason ?? null, actor: request.actor },
      commandContext(request, `${input.givenOn}T00:00:00.000Z`),
    );
    return { leaseId, position };
  }

  @Mutation('endLease')
  async endLease(
    @Args('input')
    input: { leaseId: string; endedOn: string; reason: string; evictionEnforcedOn?: string | null; transferLeaseId?: string | null; note?: string | null },
    @Context('request') request: RequestContext,
  ) {
    const leaseId = requireUuid(input.leaseId, 'input.leaseId');
    const position = await this.commands.end(
      {
        type: 'EndLease',
        leaseId,
        endedOn: input.endedOn,
        reason: fromGraphqlEnum(input.reason),
        evictionEnforcedOn: input.evictionEnforcedOn ?? null,
        transferLeaseId: input.transferLeaseId ?? null,
        note: input.note ?? null,
        actor: request.actor,
      },
      commandContext(request, `${input.endedOn}T00:00:00.000Z`),
    );
    return { leaseId, position };
  }
}
