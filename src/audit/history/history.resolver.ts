import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Role } from '../../access/roles.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { connection, pageRequest } from '../../graphql/connection.js';
import { ReadYourWrites } from '../../graphql/read-your-writes.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { isUuid } from '../../shared-kernel/uuid.js';
import { ENTITY_KINDS, type EntityKind } from './entity-ref.js';
import { EventHistory, type Cause, type HistorySource } from './event-history.js';
import { eventRecordNode, type EventRecordNode } from './event-record.node.js';
import { eventLabels } from './registered-event-labels.js';

/** The projection the histories read; `atLeast` waits for it. */
export const HISTORY_PROJECTIONS = ['audit-entity-events'] as const;

interface Page {
  first?: number;
  after?: string;
  atLeast?: bigint;
}

/** Reads a page of a history as a Relay connection (cursor = the event's log position). */
export async function historyConnection(history: EventHistory, readYourWrites: ReadYourWrites, source: HistorySource, page: Page) {
  const request = pageRequest(page.first, page.after);
  if (request.afterKey !== undefined && !/^\d+$/.test(request.afterKey)) {
    throw new ValidationError('after', 'must be a cursor returned by an earlier page');
  }
  await readYourWrites.waitFor(page.atLeast, HISTORY_PROJECTIONS);
  const after = request.afterKey === undefined ? undefined : BigInt(request.afterKey);
  const { events, total } = await history.page(source, after, request.first + 1);
  return connection(events.map(eventRecordNode), request, (n) => n.position.toString(), total);
}

function causeNode(cause: Cause) {
  return { link: cause.link, depth: cause.depth, causedEventId: cause.causedEventId, event: eventRecordNode(cause.event) };
}

function requireId(id: string, field: string): string {
  if (!isUuid(id)) throw new ValidationError(field, 'must be a UUID');
  return id;
}

@Resolver()
export class HistoryResolver {
  constructor(
    @Inject(EventHistory) private readonly history: EventHistory,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query('history')
  history_(
    @Args('entity') entity: { kind: string; id: string } | undefined,
    @Args('streamId') streamId: string | undefined,
    @Args('first') first?: number,
    @Args('after') after?: string,
    @Args('atLeast') atLeast?: bigint,
  ) {
    if ((entity == null) === (streamId == null)) throw new ValidationError('entity', 'give exactly one of entity and streamId');
    let source: HistorySource;
    if (entity != null) {
      const kind = entity.kind.toLowerCase() as EntityKind;
      if (!ENTITY_KINDS.includes(kind)) throw new ValidationError('entity.kind', `must be one of ${ENTITY_KINDS.join(', ')}`);
      source = { entity: { kind, id: requireId(entity.id, 'entity.id') } };
    } else {
      if (!/^[a-z][a-z0-9]*-\S+$/.test(streamId!)) throw new ValidationError('streamId', 'must be a stream id: category-id, e.g. dwelling-<uuid>');
      source = { streamId: streamId! };
    }
    return historyConnection(this.history, this.readYourWrites, source, { first, after, atLeast });
  }

  @Query('applicationHistory')
  applicationHistory(@Args('id') id: string, @Args('first') first?: number, @Args('after') after?: string, @Args('atLeast') atLeast?: bigint) {
    const source = { entity: { kind: 'application' as const, id: requireId(id, 'id') } };
    return historyConnection(this.history, this.readYourWrites, source, { first, after, atLeast });
  }

  @Query('householdHistory')
  householdHistory(@Args('applicantId') applicantId: string, @Args('first') first?: number, @Args('after') after?: string, @Args('atLeast') atLeast?: bigint) {
    const source = { entity: { kind: 'household' as const, id: requireId(applicantId, 'applicantId') } };
    return historyConnection(this.history, this.readYourWrites, source, { first, after, atLeast });
  }

  @Query('leaseHistory')
  leaseHistory(@Args('id') id: string, @Args('first') first?: number, @Args('after') after?: string, @Args('atLeast') atLeast?: bigint) {
    const source = { entity: { kind: 'lease' as const, id: requireId(id, 'id') } };
    return historyConnection(this.history, this.readYourWrites, source, { first, after, atLeast });
  }

  @Query('event')
  async event(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    await this.readYourWrites.waitFor(atLeast, HISTORY_PROJECTIONS);
    const event = await this.history.byId(requireId(id, 'id'));
    return event ? eventRecordNode(event) : null;
  }
}

@Resolver('EventRecord')
export class EventRecordFieldResolver {
  constructor(@Inject(EventHistory) private readonly history: EventHistory) {}

  @ResolveField('label')
  label(@Parent() record: EventRecordNode, @Args('language') language?: string) {
    return eventLabels.label(record.type, language === 'EN' ? 'en' : 'nb');
  }

  @ResolveField('causes')
  async causes(@Parent() record: EventRecordNode) {
    return (await this.history.causes(record.event)).map((c) => causeNode({ ...c, depth: 1 }));
  }

  @ResolveField('causeChain')
  async causeChain(@Parent() record: EventRecordNode) {
    return (await this.history.causeChain(record.event)).map(causeNode);
  }
}

/**
 * Who may read a dwelling's history. `Dwelling` itself is also read by the property company, but its
 * history holds the allocation (applications, committee decisions, offers): staff and the auditor only,
 * like the other histories (operation-rules.ts).
 */
const DWELLING_HISTORY_READERS: readonly Role[] = ['caseworker', 'allocation-committee', 'auditor', 'admin'];

/** Dwelling.history: the dwelling's own stream and every event that names it. */
@Resolver('Dwelling')
export class DwellingHistoryFieldResolver {
  constructor(
    @Inject(EventHistory) private readonly history: EventHistory,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @ResolveField('history')
  dwellingHistory(
    @Parent() dwelling: { id: string },
    @Context('request') request: RequestContext,
    @Args('first') first?: number,
    @Args('after') after?: string,
    @Args('atLeast') atLeast?: bigint,
  ) {
    if (!DWELLING_HISTORY_READERS.includes(request.role as Role)) {
      throw new DomainError('HISTORY_NOT_ALLOWED', `the role ${request.role} may not read a dwelling's history`, 'FORBIDDEN');
    }
    return historyConnection(this.history, this.readYourWrites, { entity: { kind: 'dwelling', id: dwelling.id } }, { first, after, atLeast });
  }
}
