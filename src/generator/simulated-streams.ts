import type { NewEvent } from '../event-store/event-envelope.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Decider } from '../shared-kernel/decider.js';
import type { DomainEvent } from '../shared-kernel/domain-event.js';
import { nameBasedUuid } from '../shared-kernel/uuid.js';

/** Who records a step and when: the metadata of the events a command causes. */
export interface SimulatedContext {
  actor: string;
  role: string;
  /** ISO timestamp from the simulated clock. */
  occurredAt: string;
  /** Shared by the commands of one process (e.g. one committee decision and its reactions). */
  correlationId: string;
  /** The event that caused the command (a process manager's step); default: a generated command id. */
  causationId?: string;
}

interface StreamState {
  state: unknown;
  /** The revision stored in the log (-1 none); pending events come after it. */
  storedRevision: bigint;
  pending: NewEvent[];
}

/**
 * Streams the generator writes, held in memory: each command goes through the aggregate's real
 * decider (decide on the current state, evolve with the events) exactly as the command executor
 * does, and its events wait here until `flush` appends them, per stream with the expected revision,
 * many streams at once. A refused command throws the decider's DomainError and records nothing.
 *
 * Ids are name-based on the seed and a counter, so the same seed gives the same events; only
 * recordedAt (set by the store) and the interleaving of streams within one flush differ between runs.
 */
export class SimulatedStreams {
  private readonly streams = new Map<string, StreamState>();
  private readonly dirty = new Set<string>();
  private counter = 0;
  /** The ids of the events the last `execute` decided, in order. */
  lastEventIds: string[] = [];
  eventsDecided = 0;
  eventsAppended = 0;
  commandsRefused = 0;

  constructor(private readonly seed: string) {}

  /** A deterministic id for anything the generator names (persons, leases, offers, …). */
  id(kind: string): string {
    return nameBasedUuid(`${this.seed}/${kind}/${this.counter++}`);
  }

  state<S>(streamId: string, decider: Pick<Decider<unknown, DomainEvent, S>, 'initialState'>): S {
    return (this.streams.get(streamId)?.state as S | undefined) ?? decider.initialState;
  }

  /**
   * Decide and evolve in memory; the events are appended at the next flush. Returns the events.
   * `eventId` names the events instead of the counter: a process manager's steps derive theirs
   * from the event they react to (IdempotentSteps), and the generator writes them the same way.
   */
  execute<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    command: C,
    context: SimulatedContext,
    eventId?: (index: number) => string,
  ): E[] {
    const stream = this.streams.get(streamId) ?? { state: decider.initialState, storedRevision: -1n, pending: [] };
    let events: E[];
    try {
      events = decider.decide(command, stream.state as S);
    } catch (error) {
      this.commandsRefused++;
      throw error;
    }
    this.lastEventIds = [];
    if (events.length === 0) return events;
    const causationId = context.causationId ?? this.id('command');
    let state = stream.state as S;
    for (const [index, event] of events.entries()) {
      state = decider.evolve(state, event);
      const id = eventId ? eventId(index) : this.id('event');
      this.lastEventIds.push(id);
      stream.pending.push({
        id,
        type: event.type,
        schemaVersion: 1, // set to the type's current version when flushed to a store
        data: event.data,
        metadata: { actor: context.actor, role: context.role, correlationId: context.correlationId, causationId, occurredAt: context.occurredAt },
      });
    }
    stream.state = state;
    this.streams.set(streamId, stream);
    this.dirty.add(streamId);
    this.eventsDecided += events.length;
    return events;
  }

  /** The stream takes no more commands: its state is dropped from memory once its events are flushed. */
  retire(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (stream && stream.pending.length === 0) this.streams.delete(streamId);
    else if (stream) (stream as StreamState & { retired?: boolean }).retired = true;
  }

  get pendingEvents(): number {
    return this.eventsDecided - this.eventsAppended;
  }

  /**
   * Appends every stream's pending events, `concurrency` streams at a time, each with the revision
   * it expects (so a concurrent writer to the same stream would be refused, not overwritten).
   * Streams are taken in the order they were first touched since the last flush.
   */
  async flush(store: EventStore, concurrency: number, onAppended: (events: number) => void = () => undefined): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < ids.length; i = next++) {
        const streamId = ids[i]!;
        const stream = this.streams.get(streamId)!;
        // Written in each type's current schema version (the store's upcasters), as commands write them.
        const events = stream.pending.map((e) => ({ ...e, schemaVersion: store.schemaVersions.currentVersion(e.type) }));
        if (events.length === 0) continue;
        stream.pending = [];
        const expected = stream.storedRevision === -1n ? 'no_stream' : stream.storedRevision;
        const result = await store.append(streamId, events, expected);
        stream.storedRevision = result.nextRevision;
        this.eventsAppended += events.length;
        onAppended(events.length);
        if ((stream as StreamState & { retired?: boolean }).retired) this.streams.delete(streamId);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }
}

