import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-envelope.js';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AllPage,
  AppendResult,
  EventStore,
  ReadAllFilter,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { UpcasterRegistry } from '../upcasters.js';
import { isUuid } from '../../shared-kernel/uuid.js';
import { followAll } from '../follow-all.js';

/** Bits of the position reserved for the event's ordinal within its transaction. */
const ORDINAL_BITS = 20n;
const MAX_EVENTS_PER_APPEND = 1 << 20;
/** At most this many log positions are examined per statement of a filtered read. */
const MAX_FILTER_WINDOW = 50_000;
/**
 * The SQL that makes positions of transaction ids, for a log whose transaction-id offset is `offset`
 * (log-epoch.ts: 0 unless the log was restored into a server whose transaction counter is behind it).
 * With offset 0 the text is the same as it always was, so plans and named statements do not change.
 */
function logSql(offset: bigint) {
  const xid = (expr: string) => (offset === 0n ? `${expr}::text::bigint` : `(${expr}::text::bigint + ${offset})`);
  /** Positions below this bound belong to transactions that have all ended (committed or rolled back). */
  const visibleBound = `(${xid('pg_snapshot_xmin(pg_current_snapshot())')} << ${ORDINAL_BITS})`;
  /** The writing transaction's first position; its events take the ordinals after it. */
  const transactionBase = `(${xid('pg_current_xact_id()')} << ${ORDINAL_BITS})`;
  const append = `
${EXPECTED_REVISION_CHECK}
ins AS (
  INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
  SELECT ${transactionBase} + e.ord, e.id, $1, chk.rev + e.ord, e.type, e.v, e.data, e.meta
  FROM chk, unnest($4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY AS e(id, type, v, data, meta, ord)
  RETURNING revision, position
)
SELECT (SELECT rev FROM cur)::text AS current, max(revision)::text AS revision, max(position)::text AS position, count(*)::int AS n FROM ins`;
  // The same append for the common case of one event, with scalar parameters (no arrays to unpack).
  const appendOne = `
${EXPECTED_REVISION_CHECK}
ins AS (
  INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
  SELECT ${transactionBase} + 1, $4::uuid, $1, chk.rev + 1, $5, $6, $7::jsonb, $8::jsonb
  FROM chk
  RETURNING revision, position
)
SELECT (SELECT rev FROM cur)::text AS current, ins.revision::text AS revision, ins.position::text AS position, 1 AS n
FROM (SELECT 1) one LEFT JOIN ins ON true`;
  // Creating a stream needs no lookup: revision 0 is taken by the insert itself, and the unique
  // (stream_id, revision) constraint refuses it atomically if the stream already exists. Only the
  // position comes back (the revision is 0): each returned column costs the append a few per cent of
  // its throughput (measured beside a plain INSERT: four cast columns 0.82 of it, the position alone 0.87).
  const createOne = `
INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
VALUES (${transactionBase} + 1, $2::uuid, $1, 0, $3, $4, $5::jsonb, $6::jsonb)
RETURNING position`;
  return {
    visibleBound,
    append,
    appendOne,
    createOne,
    /** The newest position a reader may see (headPosition), as one statement to send with others. */
    headPosition: `SELECT max(position)::text AS p FROM events WHERE position < ${visibleBound}`,
    /** Named statements are per connection: another offset (a test's second store) needs other names. */
    statementSuffix: offset === 0n ? '' : `_${offset}`,
  };
}

type LogSql = ReturnType<typeof logSql>;

/** headPosition from the row LogSql.headPosition answers. */
export function headFromRow(row: { p: string | null } | undefined): bigint {
  return row?.p == null ? 0n : BigInt(row.p);
}
const COLUMNS = `position, event_id, stream_id, revision, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/** The stream's current revision ($1 = stream), and one row only if the expectation ($2 kind, $3 revision) holds. */
const EXPECTED_REVISION_CHECK = `WITH cur AS (SELECT max(revision) AS rev FROM events WHERE stream_id = $1),
chk AS (
  SELECT coalesce(rev, -1) AS rev FROM cur
  WHERE CASE $2::text
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN rev IS NULL
    WHEN 'stream_exists' THEN rev IS NOT NULL
    ELSE rev IS NOT DISTINCT FROM $3::bigint
  END
),`;

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Omit<EventMetadata, 'recordedAt'>;
  recorded_at: string;
}

/** A row of a log page statement: an event (or none), with the scan watermark and, when filtered, the positions examined. */
export type PageRow = Partial<EventRow> & { scanned: string | null; seen?: number };

function isFiltered(filter: ReadAllFilter): boolean {
  return (filter.eventTypes ?? null) !== null || (filter.categories ?? null) !== null;
}

function firstWindow(limit: number): number {
  return Math.min(MAX_FILTER_WINDOW, Math.max(1000, limit * 2));
}

/** One window of a filtered read: at most `window` positions after `after`, up to `limit` matching events. */
function filteredWindowQuery(sql: LogSql, after: bigint, limit: number, window: number, filter: ReadAllFilter): { text: string; values: unknown[] } {
  return {
    text: `WITH b AS MATERIALIZED (SELECT ${sql.visibleBound} AS bound),
         w AS MATERIALIZED (
           SELECT position, type, stream_id FROM events
           WHERE position > $1 AND position + 0 < (SELECT bound FROM b) ORDER BY position LIMIT $3
         ),
         m AS (
           SELECT position FROM w
           WHERE ($4::text[] IS NULL OR type = ANY($4)) AND ($5::text[] IS NULL OR split_part(stream_id, '-', 1) = ANY($5))
           ORDER BY position LIMIT $2
         )
         SELECT (SELECT max(position) FROM w)::text AS scanned, (SELECT count(*) FROM w)::int AS seen, e.*
         FROM (SELECT 1) one LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM events WHERE position IN (SELECT position FROM m) ORDER BY position
         ) e ON true`,
    values: [after.toString(), limit, window, filter.eventTypes ?? null, filter.categories ?? null],
  };
}

export interface PostgresEventStoreOptions {
  /** How often a live subscription looks for events written by other processes. */
  pollIntervalMs?: number;
  /** Added to transaction ids to make positions (log-epoch.ts reads it; 0 on a log never restored). */
  xidOffset?: bigint;
}

/**
 * The PostgreSQL adapter (also used on the embedded PGlite). Every append is one SQL statement, so
 * the expected-revision check and the insert of all its events commit or fail together, and
 * concurrent appends never wait on each other unless they write to the same stream.
 */
export class PostgresEventStore implements EventStore {
  readonly adapterName = 'postgres';
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pollIntervalMs: number;
  private readonly sql: LogSql;
  /** Named statements are per backend; PGlite shares one backend among all connections, so there we fall back. */
  private namedStatements = true;

  constructor(
    private readonly pool: pg.Pool,
    private readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.sql = logSql(options.xidOffset ?? 0n);
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    validateAppend(streamId, events);
    const single = events.length === 1;
    const create = single && expected === 'no_stream';
    const head = [streamId, typeof expected === 'bigint' ? 'revision' : expected, typeof expected === 'bigint' ? expected.toString() : null];
    const params = create
      ? [streamId, events[0]!.id, events[0]!.type, events[0]!.schemaVersion, JSON.stringify(events[0]!.data), JSON.stringify(events[0]!.metadata)]
      : single
      ? [...head, events[0]!.id, events[0]!.type, events[0]!.schemaVersion, JSON.stringify(events[0]!.data), JSON.stringify(events[0]!.metadata)]
      : [
          ...head,
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ];
    // 'any' and 'stream_exists' have no revision to defend: a concurrent writer to the same stream
    // only takes our revision number, so we try again with the next one.
    for (let attempt = 0; ; attempt++) {
      try {
        // A named statement is parsed and planned once per connection, not on every append.
        const { rows } = await this.pool.query<{ current: string | null; revision: string | null; position: string | null; n: number }>({
          name: !this.namedStatements ? undefined : `${create ? 'boligbok_create_one' : single ? 'boligbok_append_one' : 'boligbok_append'}${this.sql.statementSuffix}`,
          text: create ? this.sql.createOne : single ? this.sql.appendOne : this.sql.append,
          values: params,
        });
        const row = rows[0]!;
        if (create) {
          this.appended.emit('appended');
          return { nextRevision: 0n, position: BigInt(row.position!) };
        }
        if (row.position !== null && (single || row.n === events.length)) {
          this.appended.emit('appended');
          return { nextRevision: BigInt(row.revision!), position: BigInt(row.position!) };
        }
        const earlier = await this.findEarlierAppend(streamId, events);
        if (earlier) return earlier;
        throw new WrongExpectedRevisionError(streamId, expected, row.current === null ? 'no_stream' : BigInt(row.current));
      } catch (error) {
        if ((error as { code?: string }).code === '42P05' && attempt < 20) {
          // "prepared statement already exists": another connection of a shared backend (PGlite) made it.
          // Several appends in flight can all meet it while the switch happens; each tries again unnamed.
          this.namedStatements = false;
          continue;
        }
        if ((error as { code?: string }).code !== '23505') throw error;
        const earlier = await this.findEarlierAppend(streamId, events);
        if (earlier) return earlier;
        const constraint = (error as { constraint?: string }).constraint;
        if (constraint === 'events_event_id_key') {
          throw new DuplicateEventIdError(events[0]!.id, 'part of this append was stored before');
        }
        if ((expected === 'any' || expected === 'stream_exists') && attempt < 20) continue;
        const current = await this.currentRevision(streamId);
        throw new WrongExpectedRevisionError(streamId, expected, current);
      }
    }
  }

  /**
   * A retried append whose events are all stored already, in the same stream and order with the
   * same content, returns the original result; any partial or different match is an error.
   */
  private async findEarlierAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{ event_id: string; stream_id: string; revision: string; position: string; same: boolean }>(
      `SELECT e.event_id, e.stream_id, e.revision::text, e.position::text,
              (e.type = n.type AND e.schema_version = n.v AND e.data = n.data AND e.metadata = n.meta) AS same
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS n(id, type, v, data, meta, ord)
       JOIN events e ON e.event_id = n.id
       ORDER BY n.ord`,
      [
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ],
    );
    if (rows.length === 0) return undefined;
    for (const row of rows) {
      if (row.stream_id !== streamId) throw new DuplicateEventIdError(row.event_id, `it belongs to stream ${row.stream_id}`);
      if (!row.same) throw new DuplicateEventIdError(row.event_id, 'type, data or metadata differ');
    }
    if (rows.length !== events.length) {
      throw new DuplicateEventIdError(rows[0]!.event_id, 'only part of this append was stored before');
    }
    const revisions = rows.map((r) => BigInt(r.revision));
    if (revisions.some((r, i) => i > 0 && r !== revisions[i - 1]! + 1n)) {
      throw new DuplicateEventIdError(rows[0]!.event_id, 'the events were stored in another order');
    }
    const last = rows[rows.length - 1]!;
    return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
  }

  private async currentRevision(streamId: string): Promise<bigint | 'no_stream'> {
    const { rows } = await this.pool.query<{ rev: string | null }>(
      'SELECT max(revision)::text AS rev FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]!.rev === null ? 'no_stream' : BigInt(rows[0]!.rev);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    let from = options.fromRevision ?? 0n;
    const to = options.toRevision;
    const pageSize = 1000;
    for (;;) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 AND ($3::bigint IS NULL OR revision <= $3)
         ORDER BY revision LIMIT ${pageSize}`,
        [streamId, from.toString(), to === undefined ? null : to.toString()],
      );
      for (const row of rows) yield this.toRecorded(row);
      if (rows.length < pageSize) return;
      from = BigInt(rows[rows.length - 1]!.revision) + 1n;
    }
  }

  /**
   * `client` lets a caller read inside its own transaction (projections do: on PGlite, which serves
   * one transaction at a time, reading through another connection meanwhile would wait forever).
   */
  async readAllPage(after: bigint, limit: number, filter: ReadAllFilter = {}, client?: pg.ClientBase): Promise<AllPage> {
    const first = this.firstPageQuery(after, limit, filter);
    const { rows } = await (client ?? this.pool).query<PageRow>(first.text, first.values);
    return this.pageFrom(after, limit, filter, rows, client);
  }

  /**
   * The first statement of readAllPage(after, limit, filter), for a caller that sends it together
   * with statements of its own in one round trip; pageFrom makes the page of what it answered.
   */
  firstPageQuery(after: bigint, limit: number, filter: ReadAllFilter = {}): { text: string; values: unknown[] } {
    if (!isFiltered(filter)) {
      // The bound, the rows and the scan watermark come from one statement, hence one snapshot: a bound
      // read later could include a transaction that committed after the rows were read, and skip it.
      // `position + 0` keeps the bound out of the index condition: with it there, the planner guesses
      // few rows and may read the whole rest of the log and sort it instead of walking the index.
      return {
        text: `WITH b AS MATERIALIZED (SELECT ${this.sql.visibleBound} AS bound)
         SELECT (SELECT position FROM events WHERE position > $1 AND position < (SELECT bound FROM b)
                 ORDER BY position DESC LIMIT 1)::text AS scanned, e.*
         FROM b LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM events WHERE position > $1 AND position + 0 < b.bound ORDER BY position LIMIT $2
         ) e ON true`,
        values: [after.toString(), limit],
      };
    }
    return filteredWindowQuery(this.sql, after, limit, firstWindow(limit), filter);
  }

  /** The page readAllPage answers, from the rows its first statement answered (a filtered read may go on reading). */
  async pageFrom(after: bigint, limit: number, filter: ReadAllFilter, firstRows: readonly PageRow[], client?: pg.ClientBase): Promise<AllPage> {
    if (!isFiltered(filter)) return this.page(firstRows, after, limit);
    // Filtered: walk the log in windows of positions (index order, bounded work per statement) and
    // keep the matching events, until the page is full or the visible end of the log is reached.
    // Each window is one statement with its own visibility bound; everything below a window's end was
    // visible to it, so the next window can start there without skipping anything.
    // The window starts at a few pages and doubles while it finds too little, so a sparse type
    // costs few statements and a common one little over-reading.
    const db = client ?? this.pool;
    const events: RecordedEvent[] = [];
    let cursor = after;
    let rows: readonly PageRow[] | undefined = firstRows;
    for (let window = firstWindow(limit); ; window = Math.min(MAX_FILTER_WINDOW, window * 2)) {
      if (!rows) {
        const next = filteredWindowQuery(this.sql, cursor, limit - events.length, window, filter);
        rows = (await db.query<PageRow>(next.text, next.values)).rows;
      }
      for (const row of rows) if (row.position != null) events.push(this.toRecorded(row as EventRow));
      if (events.length >= limit) return { events, scannedTo: events[events.length - 1]!.position };
      const scanned = rows[0]!.scanned;
      if (scanned !== null) cursor = BigInt(scanned);
      // A window shorter than asked reached the visible end of the log.
      if (rows[0]!.seen! < window) return { events, scannedTo: cursor };
      rows = undefined;
    }
  }

  private page(rows: readonly PageRow[], after: bigint, limit: number): AllPage {
    const events = rows.filter((row) => row.position != null).map((row) => this.toRecorded(row as EventRow));
    if (events.length === limit) return { events, scannedTo: events[events.length - 1]!.position };
    // Fewer than asked: every visible event up to the newest one has been seen (or filtered out).
    const scanned = rows[0]!.scanned;
    return { events, scannedTo: scanned === null ? after : BigInt(scanned) };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? 0n;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    const until = options.until;
    while (remaining > 0) {
      const page = await this.readAllPage(after, Math.min(1000, remaining), options.filter);
      for (const event of page.events) {
        if (until !== undefined && event.position > until) return;
        yield event;
        remaining--;
      }
      if (page.events.length === 0 || page.scannedTo <= after) return;
      after = page.scannedTo;
    }
  }

  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    return followAll(this, options, handler, {
      pollIntervalMs: this.pollIntervalMs,
      onAppended: (listener) => {
        this.appended.on('appended', listener);
        return () => this.appended.off('appended', listener);
      },
    });
  }

  /** The statement headPosition sends, for a caller that sends it with others in one round trip (headFromRow reads its row). */
  get schemaVersions(): UpcasterRegistry {
    return this.upcasters;
  }

  get headPositionSql(): string {
    return this.sql.headPosition;
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.pool.query<{ p: string | null }>(this.sql.headPosition);
    return headFromRow(rows[0]);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    const event: RecordedEvent = {
      id: row.event_id,
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      position: BigInt(row.position),
      type: row.type,
      schemaVersion,
      data,
      metadata: { ...row.metadata, recordedAt: row.recorded_at },
    };
    // Only an upcast event carries its stored form (the event chain hashes that one).
    if (schemaVersion !== row.schema_version) event.stored = { schemaVersion: row.schema_version, data: row.data };
    return event;
  }
}

function validateAppend(streamId: string, events: readonly NewEvent[]): void {
  if (typeof streamId !== 'string' || streamId.trim() === '') throw new InvalidAppendError('streamId must be a non-empty string');
  if (events.length === 0) throw new InvalidAppendError(`append to ${streamId}: at least one event is required`);
  if (events.length >= MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(`append to ${streamId}: at most ${MAX_EVENTS_PER_APPEND - 1} events in one append`);
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!isUuid(e.id)) throw new InvalidAppendError(`append to ${streamId}: event id '${e.id}' is not a UUID`);
    if (ids.has(e.id)) throw new InvalidAppendError(`append to ${streamId}: event id ${e.id} appears twice`);
    if (!e.type) throw new InvalidAppendError(`append to ${streamId}: every event needs a type`);
    if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) {
      throw new InvalidAppendError(`append to ${streamId}: schemaVersion of ${e.type} must be a positive integer`);
    }
    ids.add(e.id);
  }
}
