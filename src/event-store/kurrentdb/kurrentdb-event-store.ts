import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AppendResult as KurrentAppendResult,
  type AppendStreamState,
  type Filter,
  type JSONEventType,
  type JSONType,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-envelope.js';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  streamCategory,
  type AllPage,
  type AppendResult,
  type EventStore,
  type ReadAllFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import type { ExpectedRevision } from '../expected-revision.js';
import type { UpcasterRegistry } from '../upcasters.js';

/*
 * KurrentDB (formerly EventStoreDB) adapter of the event store port.
 *
 * Positions. KurrentDB addresses a record in its transaction log with a pair {commit, prepare}.
 * Events written by a normal append (an implicit transaction, which is all current servers write)
 * get commit === prepare === the log position of the event's own record, so the commit position
 * alone identifies an event and orders $all. The port uses one bigint, so this adapter exposes the
 * commit position and, to read $all from a position p, rebuilds {commit: p, prepare: p}. Events in
 * legacy explicit transactions (a feature of the old TCP client, never used here) would share one
 * commit position; the adapter does not support logs containing them.
 *
 * Stream prefix. With `streamPrefix` every stream id is stored as prefix + streamId, the prefix is
 * stripped on read, and $all reads only see streams that start with the prefix (a server-side
 * stream-name filter). Tests use it to share one server; production leaves it empty.
 *
 * Reading from an arbitrary position. KurrentDB can only start a $all read at a record boundary; a
 * position inside a record fails or, worse, silently reads nothing. Positions this store handed out
 * are boundaries and are remembered; any other `after` is checked (a read from it must return the
 * event at exactly that position) and otherwise replaced by the newest event position at or before
 * it, found by reading $all backwards. So `after` may be any bigint, as with the other adapters.
 *
 * Event ids. Ids are unique across the whole log, as in the PostgreSQL adapter, but KurrentDB has
 * no index of event ids. Before appending, the adapter claims each id with a reservation stream
 * (`<prefix>boligbok.event-id-<uuid>`, one `boligbok.event-id-claimed` event naming the owning
 * stream, written with NO_STREAM). An id already claimed by another stream fails the append with
 * DuplicateEventIdError before anything is written. Claims are not atomic with the append: after a
 * failed append the ids stay claimed by that stream, which only matters if the same ids were later
 * sent to a different stream (callers retry with the same ids and stream, or re-decide with new ids).
 * Reservation streams are hidden from every read of this store (filtered out by stream name, on the
 * server and again here), but other KurrentDB clients and the standard projections see them.
 *
 * Idempotency. When an id was already claimed by this stream, the append may be a retry: the adapter
 * looks where the earlier attempt would have left its events (right after the expected revision, or
 * at the stream's tail for 'any' / 'stream_exists'; failing that, anywhere in the stream) and returns
 * their revision and position (the original result), or throws DuplicateEventIdError when the
 * content differs or the id sits in another batch (KurrentDB itself only compares ids, and only at
 * the expected revision). Found nowhere, the earlier attempt failed and the append goes ahead. When
 * the server reports a wrong expected version, the expected location and the tail are checked again,
 * to catch a concurrent identical retry. Fresh ids (the normal case) cost no reads.
 *
 * Append positions. For one event the append reply's position is the event's own; for several the
 * reply is not documented to point at the last one, so the last event is read back by revision.
 *
 * Subscriptions poll $all with the same paging as readAllPage (catch-up and live follow are the same
 * loop), woken at once by appends made through this store and otherwise every `pollIntervalMs`.
 */

export interface KurrentDbEventStoreOptions {
  /** Prepended to every stream id on write and stripped on read; $all reads only see this prefix. */
  streamPrefix?: string;
  /** How often a live subscription polls for events written by other processes. Default 200 ms. */
  pollIntervalMs?: number;
}

/** An event as KurrentDB holds it, before upcasting. */
interface StoredEvent {
  id: string;
  /** The stream id as stored (with the prefix). */
  storedStreamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  schemaVersion: number;
  data: unknown;
  /** Our metadata as stored (includes recordedAt, excludes schemaVersion). */
  metadata: Record<string, unknown>;
}

/** The metadata JSON written with each event. */
type StoredMetadata = Omit<EventMetadata, 'recordedAt'> & { recordedAt: string; schemaVersion: number };

type KurrentJsonEvent = JSONEventType<string, JSONType, StoredMetadata>;

/** The parts of a client read result this adapter uses (readStream and readAll results both fit). */
interface ClientResolvedEvent {
  event?: {
    streamId: string;
    id: string;
    revision: bigint;
    type: string;
    created: Date;
    data: unknown;
    metadata?: unknown;
    isJson: boolean;
    position?: Position;
  };
  commitPosition?: bigint;
}

interface ScanResult {
  events: RecordedEvent[];
  scannedTo: bigint;
  /** The scan reached the end of the log (or `until`): there was nothing more to read just now. */
  exhausted: boolean;
}

interface ServerFilter {
  filter: Filter;
  /**
   * True when the server may skip events that are in scope (same prefix, not system events), so
   * "the last event returned" is not "the last event examined" and the scan watermark must come
   * from the head position taken before the read.
   */
  selective: boolean;
}

const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_SUBSCRIPTION_BATCH = 100;
const READ_ALL_PAGE = 500;
const MAX_SCAN_CHUNK = 1000;
const HEAD_SCAN_CHUNK = 32;
const MAX_SUBSCRIPTION_READ_RETRIES = 8;
const BACKWARD_SCAN_CHUNK = 256;
const MAX_REMEMBERED_POSITIONS = 10_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Stream (after the store's prefix) that claims an event id for one stream; see the top comment. */
const RESERVATION_STREAM_PREFIX = 'boligbok.event-id-';
const RESERVATION_EVENT_TYPE = 'boligbok.event-id-claimed';

type ReservationEvent = JSONEventType<typeof RESERVATION_EVENT_TYPE, { streamId: string }>;

export class KurrentDbEventStore implements EventStore {
  readonly adapterName = 'kurrentdb';

  private readonly client: KurrentDBClient;
  private readonly prefix: string;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<ActiveSubscription>();
  /** Event positions this store has seen, so reads can start at them without checking (bounded). */
  private readonly knownPositions = new Set<bigint>();
  private closed = false;

  constructor(
    connectionString: string,
    private readonly upcasters: UpcasterRegistry,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.prefix = options.streamPrefix ?? '';
    if (this.prefix.startsWith('$')) {
      throw new Error(`streamPrefix must not start with '$' (system streams): ${this.prefix}`);
    }
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.client = KurrentDBClient.connectionString(connectionString);
  }

  get schemaVersions(): UpcasterRegistry {
    return this.upcasters;
  }

  // ---------------------------------------------------------------------------------------------
  // append

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    this.validateAppend(streamId, events, expected);
    const storedStreamId = this.prefix + streamId;

    const claimedBefore = await this.claimEventIds(storedStreamId, events);
    if (claimedBefore) {
      // Some id was already claimed by this stream: a retry of an append that happened (its events
      // are where that append put them, usually where this one would go), of one that failed (they
      // are nowhere), or a re-used id (it is somewhere else: DuplicateEventIdError).
      const previous =
        (await this.findAlreadyAppended(storedStreamId, events, expected)) ??
        (await this.findAnywhereInStream(storedStreamId, streamId, events));
      if (previous) return previous;
    }

    const recordedAt = new Date().toISOString();
    const eventData = events.map((event) =>
      jsonEvent<KurrentJsonEvent>({
        id: event.id,
        type: event.type,
        data: (event.data ?? null) as JSONType,
        metadata: { ...event.metadata, schemaVersion: event.schemaVersion, recordedAt },
      }),
    );

    let result: KurrentAppendResult;
    try {
      result = await this.client.appendToStream(storedStreamId, eventData, { streamState: toStreamState(expected) });
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      const retried = await this.findAfterConflict(storedStreamId, events, expected);
      if (retried) return retried;
      throw new WrongExpectedRevisionError(streamId, expected, error.actualState);
    }

    if (!result.success) {
      // Only when the connection string sets throwOnAppendFailure=false: the same conflict, unthrown.
      const retried = await this.findAfterConflict(storedStreamId, events, expected);
      if (retried) return retried;
      throw new WrongExpectedRevisionError(streamId, expected, await this.currentRevision(storedStreamId));
    }

    const nextRevision = result.nextExpectedRevision;
    const position = await this.positionOfAppended(storedStreamId, nextRevision, events, result);
    this.rememberPosition(position);
    this.wakeSubscriptions();
    return { nextRevision, position };
  }

  /**
   * Claims every event id for this stream (see the top comment). Returns whether any id had been
   * claimed by this stream before; throws DuplicateEventIdError when one belongs to another stream.
   */
  private async claimEventIds(storedStreamId: string, events: readonly NewEvent[]): Promise<boolean> {
    const claims = await Promise.all(
      events.map(async (event): Promise<boolean> => {
        const reservationStream = this.prefix + RESERVATION_STREAM_PREFIX + event.id.toLowerCase();
        try {
          await this.client.appendToStream(
            reservationStream,
            jsonEvent<ReservationEvent>({
              id: randomUUID(),
              type: RESERVATION_EVENT_TYPE,
              data: { streamId: storedStreamId },
            }),
            { streamState: NO_STREAM },
          );
          return false;
        } catch (error) {
          if (!isWrongExpectedVersion(error)) throw error;
        }
        const [claim] = await this.readStoredStream(reservationStream, START, 1, FORWARDS);
        const owner = claim && isPlainObject(claim.data) ? claim.data.streamId : undefined;
        if (owner === storedStreamId) return true;
        const where =
          typeof owner === 'string' ? `stream ${owner.startsWith(this.prefix) ? owner.slice(this.prefix.length) : owner}` : 'another stream';
        throw new DuplicateEventIdError(event.id, `the id is already used in ${where}`);
      }),
    );
    return claims.some((claimedBefore) => claimedBefore);
  }

  private validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
    if (typeof streamId !== 'string' || streamId.length === 0) {
      throw new InvalidAppendError('stream id must be a non-empty string');
    }
    if (streamId.startsWith(RESERVATION_STREAM_PREFIX)) {
      throw new InvalidAppendError(`stream id ${streamId} is reserved for event id claims`);
    }
    if ((this.prefix + streamId).startsWith('$')) {
      throw new InvalidAppendError(`stream id ${streamId} is reserved: streams starting with '$' are KurrentDB system streams`);
    }
    if (!Array.isArray(events) || events.length === 0) {
      throw new InvalidAppendError(`append to ${streamId} has no events`);
    }
    if (typeof expected === 'bigint' && expected < 0n) {
      throw new InvalidAppendError(`expected revision must be >= 0, got ${expected}`);
    }
    const seen = new Set<string>();
    for (const event of events) {
      if (typeof event.id !== 'string' || !UUID_PATTERN.test(event.id)) {
        throw new InvalidAppendError(`event id ${String(event.id)} is not a UUID`);
      }
      const id = event.id.toLowerCase();
      if (seen.has(id)) throw new InvalidAppendError(`event id ${event.id} occurs twice in one append`);
      seen.add(id);
      if (typeof event.type !== 'string' || event.type.length === 0) {
        throw new InvalidAppendError(`event ${event.id} has no type`);
      }
      if (event.type.startsWith('$')) {
        throw new InvalidAppendError(`event type ${event.type} is reserved: types starting with '$' are KurrentDB system events`);
      }
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new InvalidAppendError(`event ${event.id} has an invalid schemaVersion ${String(event.schemaVersion)}`);
      }
    }
  }

  /**
   * Looks where a retry of this append would have left its events: the original result when they
   * are all there, in order, with the same content (DuplicateEventIdError when the content differs),
   * else undefined.
   */
  private async findAlreadyAppended(
    storedStreamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    if (typeof expected === 'bigint' || expected === 'no_stream') {
      const from = expected === 'no_stream' ? 0n : expected + 1n;
      const candidates = await this.readStoredStream(storedStreamId, from, events.length, FORWARDS);
      return this.matchBatch(events, candidates);
    }
    return this.findAtTail(storedStreamId, events);
  }

  /** After a wrong-expected-version answer: the expected location first, then the tail. */
  private async findAfterConflict(
    storedStreamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const atExpected = await this.findAlreadyAppended(storedStreamId, events, expected);
    if (atExpected || expected === 'any' || expected === 'stream_exists') return atExpected;
    return this.findAtTail(storedStreamId, events);
  }

  private async findAtTail(
    storedStreamId: string,
    events: readonly NewEvent[],
  ): Promise<AppendResult | undefined> {
    const tail = await this.readStoredStream(storedStreamId, END, events.length, BACKWARDS);
    return this.matchBatch(events, tail.reverse());
  }

  /** Reads the whole stream for any of the ids: the batch that starts at the first one found. */
  private async findAnywhereInStream(
    storedStreamId: string,
    streamId: string,
    events: readonly NewEvent[],
  ): Promise<AppendResult | undefined> {
    const ours = new Set(events.map((event) => event.id.toLowerCase()));
    let batch: StoredEvent[] | undefined;
    for await (const stored of this.iterateStoredStream(storedStreamId, START, undefined, FORWARDS)) {
      if (!batch && !ours.has(stored.id.toLowerCase())) continue;
      (batch ??= []).push(stored);
      if (batch.length === events.length) break;
    }
    if (!batch) return undefined;
    const original = this.matchBatch(events, batch);
    if (original) return original;
    throw new DuplicateEventIdError(
      batch[0]!.id,
      `stored in stream ${streamId} at revision ${batch[0]!.revision} by an append with a different set of events`,
    );
  }

  /**
   * The original result when `candidates` are exactly this batch (same ids, same order), undefined
   * when they are not; DuplicateEventIdError when the ids match but the content does not.
   */
  private matchBatch(events: readonly NewEvent[], candidates: StoredEvent[]): AppendResult | undefined {
    const sameIds =
      candidates.length === events.length &&
      candidates.every((candidate, i) => sameId(candidate.id, events[i]!.id));
    if (!sameIds) return undefined;
    events.forEach((event, i) => {
      const difference = describeDifference(event, candidates[i]!);
      if (difference) throw new DuplicateEventIdError(event.id, difference);
    });
    const last = candidates[candidates.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  /**
   * The commit position of the last appended event. For a single event the append reply carries it
   * (the server reports the commit position of the write, which for one event is the event's own).
   * For several events the reply's position is not documented to be the last event's, so the last
   * event is read back by revision.
   */
  private async positionOfAppended(
    storedStreamId: string,
    nextRevision: bigint,
    events: readonly NewEvent[],
    result: KurrentAppendResult,
  ): Promise<bigint> {
    const replied = result.position && result.position.commit >= 0n ? result.position.commit : undefined;
    if (events.length === 1 && replied !== undefined) return replied;
    const [last] = await this.readStoredStream(storedStreamId, nextRevision, 1, FORWARDS);
    if (last && sameId(last.id, events[events.length - 1]!.id)) return last.position;
    if (replied !== undefined) return replied;
    throw new Error(`KurrentDB: cannot determine the position of the append to ${storedStreamId} at revision ${nextRevision}`);
  }

  private async currentRevision(storedStreamId: string): Promise<bigint | 'no_stream'> {
    const [last] = await this.readStoredStream(storedStreamId, END, 1, BACKWARDS);
    return last ? last.revision : 'no_stream';
  }

  // ---------------------------------------------------------------------------------------------
  // reading a stream

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    if (typeof streamId !== 'string' || streamId.length === 0) return;
    const fromRevision = options.fromRevision !== undefined && options.fromRevision > 0n ? options.fromRevision : 0n;
    const { toRevision } = options;
    if (toRevision !== undefined && toRevision < fromRevision) return;
    const maxCount = toRevision === undefined ? undefined : toRevision - fromRevision + 1n;
    for await (const stored of this.iterateStoredStream(this.prefix + streamId, fromRevision, maxCount, FORWARDS)) {
      if (toRevision !== undefined && stored.revision > toRevision) return;
      yield this.toRecorded(stored, streamId);
    }
  }

  /** Reads a stored stream; a missing stream reads as empty. */
  private async *iterateStoredStream(
    storedStreamId: string,
    fromRevision: ReadRevision,
    maxCount: bigint | number | undefined,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): AsyncGenerator<StoredEvent> {
    const reads = this.client.readStream(storedStreamId, {
      fromRevision,
      direction,
      ...(maxCount === undefined ? {} : { maxCount }),
    });
    try {
      for await (const resolved of reads) {
        const stored = toStoredEvent(resolved);
        if (stored) yield stored;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      throw error;
    }
  }

  private async readStoredStream(
    storedStreamId: string,
    fromRevision: ReadRevision,
    maxCount: number,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const stored of this.iterateStoredStream(storedStreamId, fromRevision, maxCount, direction)) {
      events.push(stored);
    }
    return events;
  }

  // ---------------------------------------------------------------------------------------------
  // reading $all

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const { filter, until } = options;
    let cursor = options.after ?? 0n;
    let remaining = options.limit === undefined ? Number.POSITIVE_INFINITY : Math.floor(options.limit);
    if (until !== undefined && until <= cursor) return;
    while (remaining > 0) {
      const page = await this.scan(cursor, Math.min(remaining, READ_ALL_PAGE), filter, until, false);
      for (const event of page.events) yield event;
      remaining -= page.events.length;
      if (page.exhausted || page.scannedTo <= cursor) return;
      cursor = page.scannedTo;
    }
  }

  async readAllPage(after: bigint, limit: number, filter?: ReadAllFilter): Promise<AllPage> {
    this.assertOpen();
    const { events, scannedTo } = await this.scan(after, limit, filter, undefined, true);
    return { events, scannedTo };
  }

  /**
   * Reads $all forwards strictly after `after`, collecting up to `limit` events that match `filter`.
   * `scannedTo` is the position of the last event examined; when `watermark` is set and the read ran
   * to the end of the log, it is at least the head position taken before the read (every event up to
   * that head was visible to the read, so it was seen or filtered out, even if the server filtered
   * it out without sending it).
   */
  private async scan(
    after: bigint,
    limit: number,
    filter: ReadAllFilter | undefined,
    until: bigint | undefined,
    watermark: boolean,
  ): Promise<ScanResult> {
    const wanted = Math.floor(limit);
    const events: RecordedEvent[] = [];
    let scannedTo = after;
    if (!(wanted > 0)) return { events, scannedTo, exhausted: false };

    const server = this.serverFilter(filter);
    const headBefore = watermark && server.selective ? await this.headPosition() : undefined;
    const clientSideOnly = hasClientSideCriteria(filter) && !server.selective;
    let cursor = after;
    let fromPosition = await this.readStartFor(after);

    for (;;) {
      const missing = wanted - events.length;
      // +1: a read from a position may return the event at that position again (it is skipped).
      const chunk = Math.min(MAX_SCAN_CHUNK, Math.max(clientSideOnly ? READ_ALL_PAGE : missing + 1, 2));
      let received = 0;
      const reads = this.client.readAll({ fromPosition, direction: FORWARDS, maxCount: chunk, filter: server.filter });
      for await (const resolved of reads) {
        received += 1;
        const stored = toStoredEvent(resolved);
        if (!stored || stored.position <= cursor) continue;
        if (until !== undefined && stored.position > until) return this.scanned({ events, scannedTo, exhausted: true });
        // Examined: out-of-view events (system events, other prefixes) count as filtered out.
        scannedTo = stored.position;
        const streamId = this.unprefixed(stored);
        if (streamId === undefined || !matchesFilter(streamId, stored.type, filter)) continue;
        events.push(this.toRecorded(stored, streamId));
        if (events.length >= wanted) return this.scanned({ events, scannedTo, exhausted: false });
      }
      if (received < chunk || scannedTo <= cursor) {
        // headBefore is the position of a real event, so scannedTo stays a valid read position.
        if (headBefore !== undefined && headBefore > scannedTo) scannedTo = headBefore;
        return this.scanned({ events, scannedTo, exhausted: true });
      }
      cursor = scannedTo;
      fromPosition = { commit: cursor, prepare: cursor };
    }
  }

  /** Remembers the positions a caller is likely to read from next (see readStartFor). */
  private scanned(result: ScanResult): ScanResult {
    this.rememberPosition(result.scannedTo);
    const last = result.events[result.events.length - 1];
    if (last) this.rememberPosition(last.position);
    return result;
  }

  private rememberPosition(position: bigint): void {
    if (position <= 0n || this.knownPositions.has(position)) return;
    if (this.knownPositions.size >= MAX_REMEMBERED_POSITIONS) {
      const oldest = this.knownPositions.values().next();
      if (!oldest.done) this.knownPositions.delete(oldest.value);
    }
    this.knownPositions.add(position);
  }

  /**
   * Where to start a forward $all read to see every event after `after` (see the top comment): at
   * `after` itself when it is the position of an event, else at the newest in-view event before it.
   */
  private async readStartFor(after: bigint): Promise<ReadPosition> {
    if (after <= 0n) return START;
    if (this.knownPositions.has(after) || (await this.isEventPosition(after))) {
      this.rememberPosition(after);
      return { commit: after, prepare: after };
    }
    const filter = this.scopeFilter();
    let from: ReadPosition = END;
    for (;;) {
      let received = 0;
      let oldest: bigint | undefined;
      const reads = this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: BACKWARD_SCAN_CHUNK, filter });
      for await (const resolved of reads) {
        received += 1;
        const position = positionOf(resolved);
        if (position === undefined || (from !== END && position >= from.commit)) continue;
        if (position <= after) return { commit: position, prepare: position };
        oldest = position;
      }
      if (received < BACKWARD_SCAN_CHUNK || oldest === undefined) return START;
      from = { commit: oldest, prepare: oldest };
    }
  }

  /** Whether an event record starts at `position`: a forward read from it returns that very event. */
  private async isEventPosition(position: bigint): Promise<boolean> {
    try {
      const reads = this.client.readAll({ fromPosition: { commit: position, prepare: position }, direction: FORWARDS, maxCount: 1 });
      for await (const resolved of reads) return positionOf(resolved) === position;
      return false;
    } catch {
      // A position inside a record makes the server fail the read.
      return false;
    }
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    const filter = this.scopeFilter();
    let from: ReadPosition = END;
    for (;;) {
      let received = 0;
      let oldest: bigint | undefined;
      const reads = this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: HEAD_SCAN_CHUNK, filter });
      for await (const resolved of reads) {
        received += 1;
        const stored = toStoredEvent(resolved);
        if (!stored) continue;
        if (from !== END && stored.position >= from.commit) continue;
        oldest = stored.position;
        if (this.unprefixed(stored) !== undefined) {
          this.rememberPosition(stored.position);
          return stored.position;
        }
      }
      if (received < HEAD_SCAN_CHUNK || oldest === undefined) return 0n;
      from = { commit: oldest, prepare: oldest };
    }
  }

  /**
   * The stream id without the prefix, or undefined when the event is outside this store's view:
   * system events and streams, other prefixes, event id reservations.
   */
  private unprefixed(stored: StoredEvent): string | undefined {
    if (stored.type.startsWith('$') || stored.storedStreamId.startsWith('$')) return undefined;
    if (!stored.storedStreamId.startsWith(this.prefix)) return undefined;
    const streamId = stored.storedStreamId.slice(this.prefix.length);
    if (streamId.length === 0 || streamId.startsWith(RESERVATION_STREAM_PREFIX)) return undefined;
    return streamId;
  }

  /**
   * The server-side filter for this store's view of $all: streams that start with the prefix and are
   * neither system streams ('$') nor event id reservations. (System events outside '$' streams, such
   * as a hard delete's tombstone, are rare and dropped client-side.)
   */
  private scopeFilter(): Filter {
    const excluded = `${this.prefix ? '' : '\\$|'}${escapeRegex(RESERVATION_STREAM_PREFIX)}`;
    return streamNameFilter({ regex: `^${escapeRegex(this.prefix)}(?!${excluded})` });
  }

  /**
   * The server-side filter for a $all read: always a superset of what `filter` matches (the exact
   * filter is applied again client-side). KurrentDB takes one filter per read, on stream names or on
   * event types; categories go into a stream-name regex (with the prefix), event types into an
   * event-type regex when there is no prefix to filter on.
   */
  private serverFilter(filter: ReadAllFilter | undefined): ServerFilter {
    const categories = filter?.categories;
    if (categories && categories.length > 0) {
      const alternatives = categories.map(escapeRegex).join('|');
      return {
        filter: streamNameFilter({ regex: `^${escapeRegex(this.prefix)}(?:${alternatives})(?:-|$)` }),
        selective: true,
      };
    }
    const eventTypes = filter?.eventTypes;
    if (!this.prefix && eventTypes && eventTypes.length > 0) {
      return { filter: eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` }), selective: true };
    }
    return { filter: this.scopeFilter(), selective: false };
  }

  private toRecorded(stored: StoredEvent, streamId: string): RecordedEvent {
    const upcast = this.upcasters.upcast(stored.type, stored.schemaVersion, stored.data);
    const event: RecordedEvent = {
      id: stored.id,
      streamId,
      revision: stored.revision,
      position: stored.position,
      type: stored.type,
      schemaVersion: upcast.schemaVersion,
      data: upcast.data,
      metadata: stored.metadata as unknown as EventMetadata,
    };
    // Only an upcast event carries its stored form (the event chain hashes that one).
    if (upcast.schemaVersion !== stored.schemaVersion) event.stored = { schemaVersion: stored.schemaVersion, data: stored.data };
    return event;
  }

  // ---------------------------------------------------------------------------------------------
  // subscriptions

  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    this.assertOpen();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH));
    const wakeup = new Wakeup();
    let stopped = false;
    let cursor = options.after ?? 0n;

    const run = async (): Promise<void> => {
      // Let subscribe() return before the first read starts.
      await Promise.resolve();
      let failures = 0;
      while (!stopped) {
        let page: ScanResult;
        try {
          page = await this.scan(cursor, batchSize, options.filter, undefined, true);
          failures = 0;
        } catch (error) {
          if (stopped) return;
          failures += 1;
          if (failures > MAX_SUBSCRIPTION_READ_RETRIES || !isTransient(error)) throw error;
          await wakeup.wait(Math.min(100 * 2 ** failures, 5000));
          continue;
        }
        if (stopped) return;
        if (page.events.length > 0) await handler(page.events);
        if (page.scannedTo > cursor) cursor = page.scannedTo;
        if (page.exhausted && !stopped) await wakeup.wait(this.pollIntervalMs);
      }
    };

    const done = run();
    // `done` rejects when the handler throws; whoever awaits it sees that, and nobody else has to.
    done.catch(() => undefined);
    const active: ActiveSubscription = {
      wake: () => wakeup.wake(),
      stop: async () => {
        stopped = true;
        wakeup.wake();
        await done.catch(() => undefined);
        this.subscriptions.delete(active);
      },
    };
    this.subscriptions.add(active);
    done.then(
      () => this.subscriptions.delete(active),
      () => this.subscriptions.delete(active),
    );
    return { stop: active.stop, done };
  }

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wake();
  }

  // ---------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KurrentDbEventStore is closed');
  }
}

interface ActiveSubscription {
  wake(): void;
  stop(): Promise<void>;
}

/** A wake-up signal for a polling loop: wait() ends after `ms` or at the next wake(), whichever is first. */
class Wakeup {
  private waiter: (() => void) | undefined;
  private pending = false;

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.waiter === finish) this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.waiter = finish;
    });
  }

  wake(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }
}

// -------------------------------------------------------------------------------------------------
// helpers

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** The commit position of a read result (see the top comment on positions). */
function positionOf(resolved: ClientResolvedEvent): bigint | undefined {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined ? undefined : BigInt(commit);
}

function toStoredEvent(resolved: ClientResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const commit = positionOf(resolved);
  if (commit === undefined) {
    throw new Error(
      `KurrentDB returned event ${event.id} without a log position; this adapter needs a server that reports positions (22.6 or later)`,
    );
  }
  const metadata = isPlainObject(event.metadata) ? { ...event.metadata } : {};
  const { schemaVersion, recordedAt, ...rest } = metadata;
  return {
    id: event.id,
    storedStreamId: event.streamId,
    revision: BigInt(event.revision),
    position: BigInt(commit),
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' && Number.isInteger(schemaVersion) ? schemaVersion : 1,
    data: event.data,
    metadata: {
      ...rest,
      recordedAt: typeof recordedAt === 'string' ? recordedAt : event.created.toISOString(),
    },
  };
}

function matchesFilter(streamId: string, type: string, filter: ReadAllFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(type)) return false;
  if (filter.categories !== undefined && !filter.categories.includes(streamCategory(streamId))) return false;
  return true;
}

function hasClientSideCriteria(filter: ReadAllFilter | undefined): boolean {
  return filter?.eventTypes !== undefined || filter?.categories !== undefined;
}

/** What differs between an event about to be appended and the stored event with the same id. */
function describeDifference(event: NewEvent, stored: StoredEvent): string | undefined {
  if (event.type !== stored.type) return `type ${stored.type} is stored, ${event.type} was sent`;
  if (event.schemaVersion !== stored.schemaVersion) {
    return `schemaVersion ${stored.schemaVersion} is stored, ${event.schemaVersion} was sent`;
  }
  if (canonicalJson(event.data ?? null) !== canonicalJson(stored.data ?? null)) return 'the data differs';
  const { recordedAt: _recordedAt, ...storedMetadata } = stored.metadata;
  if (canonicalJson(event.metadata) !== canonicalJson(storedMetadata)) return 'the metadata differs';
  return undefined;
}

/** JSON with object keys sorted, so equal JSON values compare equal as strings. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, current: unknown) =>
    isPlainObject(current)
      ? Object.fromEntries(Object.entries(current).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : current,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Escapes a literal for a .NET regular expression (KurrentDB evaluates server-side filters in .NET). */
function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|# ]/g, '\\$&');
}

function errorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}

function isWrongExpectedVersion(error: unknown): error is { actualState: bigint | 'no_stream' } {
  return errorType(error) === ErrorType.WRONG_EXPECTED_VERSION;
}

function isStreamNotFound(error: unknown): boolean {
  return errorType(error) === ErrorType.STREAM_NOT_FOUND;
}

/** Errors worth retrying in a subscription loop: the server was unreachable or slow, not wrong. */
function isTransient(error: unknown): boolean {
  const type = errorType(error);
  if (
    type === ErrorType.UNAVAILABLE ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.TIMEOUT ||
    type === ErrorType.NOT_LEADER
  ) {
    return true;
  }
  // gRPC status codes from errors the client passes through unconverted: 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 4 || code === 14;
}
