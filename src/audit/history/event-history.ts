import type pg from 'pg';
import type { RecordedEvent } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import type { CauseLinkRegistry, CauseLookup } from './cause-link-registry.js';
import type { EntityRef } from './entity-ref.js';

/** Where a history comes from: an entity (through the index) or one stream of the log. */
export type HistorySource = { entity: EntityRef } | { streamId: string };

/** An event that caused another, and through which link it was found. */
export interface Cause {
  /** 'causation' (the envelope's causationId) or the domain link's name (e.g. 'committee-decision'). */
  link: string;
  event: RecordedEvent;
  /** The event it caused (the one whose cause this is). */
  causedEventId: string;
  /** 1 for a direct cause, 2 for the cause's cause, … */
  depth: number;
}

interface IndexRow {
  position: string;
  stream_id: string;
  revision: string;
}

/** How deep a cause chain is followed, and how many candidates one domain link may read. */
const MAX_CHAIN_DEPTH = 16;
const MAX_CANDIDATES = 50;

/** The indexed events about a lookup's entity ($1, $2) of its types ($4; none: any type); $3 is the effect's position. */
const CANDIDATES = `SELECT e.position::text, e.stream_id, e.revision::text
  FROM audit_entity_events x JOIN audit_events e USING (position)
  WHERE x.entity_kind = $1 AND x.entity_id = $2 AND (cardinality($4::text[]) = 0 OR x.type = ANY($4::text[]))`;

/**
 * Histories and cause chains over the log: which events concern an entity comes from the
 * audit-entity-events index; the events themselves are read from the event store (any adapter).
 */
export class EventHistory {
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly links: CauseLinkRegistry,
  ) {}

  /** A page of the history, oldest first, after the given position; with the total count. */
  async page(source: HistorySource, after: bigint | undefined, limit: number): Promise<{ events: RecordedEvent[]; total: number }> {
    const [from, params] =
      'entity' in source
        ? [`audit_entity_events x JOIN audit_events e USING (position) WHERE x.entity_kind = $1 AND x.entity_id = $2`, [source.entity.kind, source.entity.id]]
        : [`audit_events e WHERE e.stream_id = $1`, [source.streamId]];
    const n = params.length;
    const [page, count] = await Promise.all([
      this.pool.query<IndexRow>(
        `SELECT e.position::text, e.stream_id, e.revision::text FROM ${from} AND e.position > $${n + 1}::bigint ORDER BY e.position LIMIT $${n + 2}`,
        [...params, (after ?? -1n).toString(), limit],
      ),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params),
    ]);
    return { events: await this.read(page.rows), total: count.rows[0]!.n };
  }

  /** One event by id, or undefined. */
  async byId(eventId: string): Promise<RecordedEvent | undefined> {
    const { rows } = await this.pool.query<IndexRow>(
      `SELECT position::text, stream_id, revision::text FROM audit_events WHERE event_id = $1`,
      [eventId],
    );
    return (await this.read(rows))[0];
  }

  /**
   * The direct causes: the event named by causationId, then each domain link's match: the newest
   * before the event, or, for a link marked 'nearest', the nearest to it in the log on either side,
   * one of the event's own correlation first (cause-link-registry.ts).
   */
  async causes(event: RecordedEvent): Promise<Array<Omit<Cause, 'depth'>>> {
    const found: Array<Omit<Cause, 'depth'>> = [];
    const causation = event.metadata.causationId;
    if (causation && causation !== event.id && /^[0-9a-f-]{36}$/i.test(causation)) {
      const cause = await this.byId(causation);
      if (cause && cause.position < event.position) found.push({ link: 'causation', event: cause, causedEventId: event.id });
    }
    for (const lookup of this.links.lookups(event)) {
      const candidates = lookup.order === 'nearest' ? await this.nearest(lookup, event) : await this.newestBefore(lookup, event);
      for (const candidate of candidates) {
        if (lookup.matches && !lookup.matches(candidate)) continue;
        if (!found.some((f) => f.event.id === candidate.id)) found.push({ link: lookup.link, event: candidate, causedEventId: event.id });
        break;
      }
    }
    return found;
  }

  /** The lookup's candidates before the event, newest first. */
  private async newestBefore(lookup: CauseLookup, event: RecordedEvent): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<IndexRow>(
      `${CANDIDATES} AND x.position < $3::bigint ORDER BY x.position DESC LIMIT $5`,
      [lookup.kind, lookup.id, event.position.toString(), lookup.eventTypes, MAX_CANDIDATES],
    );
    // read() gives log order; the link is to the newest match before the event.
    return (await this.read(rows)).reverse();
  }

  /**
   * The lookup's candidates on both sides of the event: those of the event's correlation (the same
   * request, or the same process) first, then the nearer in the log first.
   */
  private async nearest(lookup: CauseLookup, event: RecordedEvent): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<IndexRow>(
      `(${CANDIDATES} AND x.position < $3::bigint ORDER BY x.position DESC LIMIT $5)
       UNION ALL
       (${CANDIDATES} AND x.position > $3::bigint ORDER BY x.position LIMIT $5)`,
      [lookup.kind, lookup.id, event.position.toString(), lookup.eventTypes, MAX_CANDIDATES],
    );
    const distance = (c: RecordedEvent) => (c.position < event.position ? event.position - c.position : c.position - event.position);
    const otherCorrelation = (c: RecordedEvent) => (c.metadata.correlationId === event.metadata.correlationId ? 0 : 1);
    return (await this.read(rows)).sort((a, b) => otherCorrelation(a) - otherCorrelation(b) || (distance(a) < distance(b) ? -1 : distance(a) > distance(b) ? 1 : 0));
  }

  /** The whole chain of causes, breadth first (direct causes first), each event once. */
  async causeChain(event: RecordedEvent): Promise<Cause[]> {
    const chain: Cause[] = [];
    const seen = new Set([event.id]);
    let frontier = [event];
    for (let depth = 1; depth <= MAX_CHAIN_DEPTH && frontier.length > 0; depth++) {
      const next: RecordedEvent[] = [];
      for (const effect of frontier) {
        for (const cause of await this.causes(effect)) {
          if (seen.has(cause.event.id)) continue;
          seen.add(cause.event.id);
          chain.push({ ...cause, depth });
          next.push(cause.event);
        }
      }
      frontier = next;
    }
    return chain;
  }

  /** Reads indexed events from the store (one read per run of consecutive revisions), in log order. */
  private async read(rows: readonly IndexRow[]): Promise<RecordedEvent[]> {
    const byStream = new Map<string, bigint[]>();
    for (const row of rows) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), BigInt(row.revision)]);
    const wanted = new Set(rows.map((r) => r.position));
    const events: RecordedEvent[] = [];
    for (const [streamId, revisions] of byStream) {
      revisions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let start = 0;
      while (start < revisions.length) {
        let end = start;
        while (end + 1 < revisions.length && revisions[end + 1] === revisions[end]! + 1n) end++;
        for await (const event of this.store.readStream(streamId, { fromRevision: revisions[start], toRevision: revisions[end] })) {
          if (wanted.has(event.position.toString())) events.push(event);
        }
        start = end + 1;
      }
    }
    return events.sort((a, b) => (a.position < b.position ? -1 : 1));
  }
}
