import { isUuid } from '../shared-kernel/uuid.js';
import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { connection, pageRequest } from '../graphql/connection.js';
import { fromGraphqlEnum, toGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { NodeLookup } from '../graphql/node-lookup.js';
import { osloToday } from '../graphql/oslo-date.js';
import { selectsField } from '../graphql/selected-fields.js';
import { eventStream } from '../graphql/event-stream.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { BuildingsReadModel, buildingNode } from './buildings.read-model.js';
import { PortfolioLedgerReadModel } from './portfolio-ledger.read-model.js';
import { PortfolioSummaryReadModel } from './portfolio-summary.read-model.js';
import type { PortfolioSummaryParent } from './portfolio-summary.field-resolver.js';
import { DwellingReadModel, dwellingNode, type DwellingFilter } from './dwelling-read-model.js';

/**
 * A kommunenummer as a query argument: 4 digits with the leading zero, as the matrikkel holds it
 * (the rule kostraReport applies to its `municipality`). A value of another shape can match no
 * dwelling, so it is refused rather than answered with an empty list.
 */
function optionalKommunenummer(value: string | null | undefined, field: string): void {
  if (value !== null && value !== undefined && !/^\d{4}$/.test(value)) {
    throw new ValidationError(field, "must be a kommunenummer of 4 digits with the leading zero, e.g. '0301'", 'INVALID_MUNICIPALITY');
  }
}

@Resolver()
export class PortfolioResolver {
  constructor(
    @Inject(DwellingReadModel) private readonly dwellings: DwellingReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BuildingsReadModel) private readonly buildingsModel: BuildingsReadModel,
    @Inject(PortfolioSummaryReadModel) private readonly summaryModel: PortfolioSummaryReadModel,
    @Inject(PortfolioLedgerReadModel) private readonly ledgerModel: PortfolioLedgerReadModel,
    @Inject(NodeLookup) private readonly nodes: NodeLookup,
  ) {
    nodes.register(async (id) => {
      const row = await this.dwellings.byId(id);
      return row ? dwellingNode(row, toGraphqlEnum) : null;
    });
  }

  @Query('dwelling')
  async dwelling(@Args('id') id: string, @Info() info: GraphQLResolveInfo, @Args('atLeast') atLeast?: bigint, @Args('asOf') asOf?: string) {
    if (!isUuid(id)) throw new ValidationError('id', 'must be a UUID');
    await this.readYourWrites.waitFor(await this.timeTravelPosition(atLeast, asOf), ['dwellings']);
    const at = asOf === undefined ? undefined : { recordedAt: asOf };
    if (selectsField(info, 'conditions')) {
      // One round trip instead of two (the field resolver uses what came with the row).
      const row = await this.dwellings.byIdWithConditions(id, at);
      return row ? { ...dwellingNode(row, toGraphqlEnum), asOf: at, loadedConditions: row.conditions } : null;
    }
    const row = await this.dwellings.byId(id, at);
    return row ? { ...dwellingNode(row, toGraphqlEnum), asOf: at } : null;
  }

  /**
   * With `asOf`, the read model must have seen every event recorded up to that instant: it waits for
   * the log head as it is now (an event recorded before `asOf` is committed by then).
   */
  private async timeTravelPosition(atLeast: bigint | undefined, asOf: string | undefined): Promise<bigint | undefined> {
    if (asOf === undefined) return atLeast;
    const head = await this.store.headPosition();
    return atLeast !== undefined && atLeast > head ? atLeast : head;
  }

  /** Any object that implements Node; each feature registers how to find its own (node-lookup.ts). */
  @Query('node')
  async node(@Args('id') id: string) {
    if (!isUuid(id)) throw new ValidationError('id', 'must be a UUID');
    return this.nodes.find(id);
  }

  @Query('dwellings')
  async list(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter') filter: DwellingFilter | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const request = pageRequest(first, after);
    if (request.afterKey !== undefined && !isUuid(request.afterKey)) throw new ValidationError('after', 'must be a cursor returned by an earlier page');
    optionalKommunenummer(filter?.kommunenummer, 'filter.kommunenummer');
    const minBedrooms = filter?.minBedrooms;
    if (minBedrooms !== null && minBedrooms !== undefined && (!Number.isInteger(minBedrooms) || minBedrooms < 0)) {
      throw new ValidationError('filter.minBedrooms', 'must be a whole number, 0 or more', 'FIELD_OUT_OF_RANGE');
    }
    await this.readYourWrites.waitFor(atLeast, ['dwellings']);
    const f: DwellingFilter = {
      ...filter,
      status: filter?.status ? fromGraphqlEnum(filter.status) : undefined,
      dwellingType: filter?.dwellingType ? fromGraphqlEnum(filter.dwellingType) : undefined,
      ownership: filter?.ownership ? fromGraphqlEnum(filter.ownership) : undefined,
    };
    const { rows, total } = await this.dwellings.page(f, request.afterKey, request.first);
    return connection(rows.map((r) => dwellingNode(r, toGraphqlEnum)), request, (n) => n.id, total);
  }

  @Query('buildings')
  async buildings(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter') filter: { kommunenummer?: string | null; district?: string | null } | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const request = pageRequest(first, after);
    optionalKommunenummer(filter?.kommunenummer, 'filter.kommunenummer');
    await this.readYourWrites.waitFor(atLeast, ['dwellings']);
    const { rows, total } = await this.buildingsModel.page(filter ?? {}, request.afterKey, request.first);
    return connection(rows.map(buildingNode), request, (b) => b.key, total);
  }

  @Query('portfolioSummary')
  async portfolioSummary(
    @Args('on') on: string | undefined,
    @Args('kommunenummer') kommunenummer: string | undefined,
    @Args('atLeast') atLeast?: bigint,
    @Args('asOf') asOf?: string,
  ) {
    optionalKommunenummer(kommunenummer, 'kommunenummer');
    await this.readYourWrites.waitFor(await this.timeTravelPosition(atLeast, asOf), ['dwellings']);
    const day = on ?? osloToday(asOf === undefined ? undefined : new Date(asOf));
    const parent: PortfolioSummaryParent = { on: day, kommunenummer: kommunenummer ?? null, asOf: asOf === undefined ? undefined : { recordedAt: asOf } };
    // The counts here; the grant balance only if asked for (portfolio-summary.field-resolver.ts).
    const counts = await this.summaryModel.counts(parent.kommunenummer, parent.asOf);
    const enums = (rows: Array<{ value: string; count: number }>) => rows.map((r) => ({ value: toGraphqlEnum(r.value), count: r.count }));
    return { ...parent, ...counts, byType: enums(counts.byType), byOwnership: enums(counts.byOwnership), byStatus: enums(counts.byStatus) };
  }

  @Query('portfolioLedger')
  async portfolioLedger(
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('kommunenummer') kommunenummer: string | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    if (from > to) throw new ValidationError('to', 'must not be before from');
    optionalKommunenummer(kommunenummer, 'kommunenummer');
    await this.readYourWrites.waitFor(atLeast, ['dwellings']);
    return this.ledgerModel.between(from, to, kommunenummer ?? null);
  }

  @Subscription('dwellingChanged')
  dwellingChanged() {
    return eventStream(this.store, { categories: ['dwelling'] }, (event) => ({
      dwellingChanged: {
        dwellingId: (event.data as { dwellingId: string }).dwellingId,
        eventType: event.type,
        position: event.position,
        occurredAt: event.metadata.occurredAt,
      },
    }));
  }
}
