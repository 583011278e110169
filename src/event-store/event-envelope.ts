import { v7 as uuidv7 } from 'uuid';
import type { DomainEvent } from '../shared-kernel/domain-event.js';

export type { DomainEvent };

/** Who caused an event and why; travels with every event in the log. */
export interface EventMetadata {
  /** The person or system that issued the command (a subject id, never a name). */
  actor: string;
  /** The role the actor acted in (caseworker, allocation-committee, system, ...). */
  role: string;
  /** Shared by every event and command that belong to one request or process. */
  correlationId: string;
  /** The id of the command or event that directly caused this event. */
  causationId: string;
  /** When it happened in the world (from the command; a decision date may lie in the past). */
  occurredAt: string;
  /** When the event store recorded it (set by the store on append). */
  recordedAt: string;
}

/** An event about to be appended: the store fills in recordedAt, revision and position. */
export interface NewEvent<T extends string = string, D = unknown> {
  id: string;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: Omit<EventMetadata, 'recordedAt'>;
}

/** An event as stored in the log. */
export interface RecordedEvent<T extends string = string, D = unknown> {
  id: string;
  streamId: string;
  /** 0-based revision of the event within its stream. */
  revision: bigint;
  /** Global position in the log; strictly increasing in read order across all streams. */
  position: bigint;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  /**
   * The schema version and data as the log holds them, set only when an upcaster changed them on
   * read (schemaVersion and data are then the current shape). What the event chain hashes, so that
   * registering an upcaster never changes an old event's hash.
   */
  stored?: { schemaVersion: number; data: unknown };
}


export type CommandContext = Omit<EventMetadata, 'recordedAt' | 'causationId'> & { causationId?: string };

/** The schema version new events of a type are written in: the shape readers see (an UpcasterRegistry answers it). */
export interface SchemaVersions {
  currentVersion(eventType: string): number;
}

/** Before any upcaster is registered, every event type is at version 1. */
const FIRST_VERSIONS: SchemaVersions = { currentVersion: () => 1 };

/**
 * Wraps decided events in envelopes; each gets a fresh time-ordered UUIDv7 and its type's current
 * schema version (the events are decided in the shape readers see, which must not be upcast again).
 */
export function toNewEvents<E extends DomainEvent>(
  events: readonly E[],
  context: CommandContext,
  schemaVersions: SchemaVersions = FIRST_VERSIONS,
): NewEvent<E['type'], E['data']>[] {
  const commandId = context.causationId ?? uuidv7();
  return events.map((event) => ({
    id: uuidv7(),
    type: event.type,
    schemaVersion: schemaVersions.currentVersion(event.type),
    data: event.data,
    metadata: {
      actor: context.actor,
      role: context.role,
      correlationId: context.correlationId,
      causationId: commandId,
      occurredAt: context.occurredAt,
    },
  }));
}

export function newEventId(): string {
  return uuidv7();
}
