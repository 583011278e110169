import type { NewEvent, RecordedEvent, SchemaVersions } from './event-envelope.js';
import type { ExpectedRevision } from './expected-revision.js';

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextRevision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  fromRevision?: bigint;
  /** Last revision to read (inclusive). Default: the end. */
  toRevision?: bigint;
}

export interface ReadAllFilter {
  /** Only events of these types. */
  eventTypes?: readonly string[];
  /** Only streams of these categories (the part of the stream id before the first '-'). */
  categories?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events strictly after this position. Default: from the start (0n). */
  after?: bigint;
  /** Stop after this many events. Default: no limit. */
  limit?: number;
  filter?: ReadAllFilter;
  /** Stop at this position (inclusive). */
  until?: bigint;
}

/** A page of $all: the events, and the position up to which the log was scanned (for checkpoints). */
export interface AllPage {
  events: RecordedEvent[];
  /** Every event at or before this position has been seen (or filtered out). */
  scannedTo: bigint;
}

export interface Subscription {
  /** Stops following; resolves once no handler call is running. */
  stop(): Promise<void>;
  /** Resolves when the subscription ends (stopped or failed); rejects with the handler's error. */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  after?: bigint;
  filter?: ReadAllFilter;
  batchSize?: number;
}

/**
 * The event store port. Adapters: PostgreSQL (default, also on embedded PGlite) and KurrentDB.
 * Positions are comparable across the whole log: an event read later always has a greater position,
 * and a reader following $all never skips an event committed late.
 */
export interface EventStore {
  readonly adapterName: string;
  /** The current schema version of each event type (the upcasters it reads with): every writer stamps new events with it. */
  readonly schemaVersions: SchemaVersions;
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** One page of $all after a position, with the scan watermark; the building block of projections. */
  readAllPage(after: bigint, limit: number, filter?: ReadAllFilter): Promise<AllPage>;
  /** Catches up from `after`, then follows new events live, calling the handler once per batch in order. */
  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription;
  /** The position of the newest event a reader can see now (0n when the log is empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
