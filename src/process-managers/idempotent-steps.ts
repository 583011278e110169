import { CommandExecutor, type AppendedListener, type CommandResult } from '../command-handling/command-executor.js';
import type { CommandContext } from '../event-store/event-envelope.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Decider } from '../shared-kernel/decider.js';
import type { DomainEvent } from '../shared-kernel/domain-event.js';
import { nameBasedUuid } from '../shared-kernel/uuid.js';
import { IdAssigningEventStore } from './id-assigning-event-store.js';

/** The id of event `index` of step `step` in the unit of work keyed `key` (see IdempotentSteps). */
export function stepEventId(key: string, step: string, index = 0): string {
  return nameBasedUuid(`${key}/${step}/${index}`);
}

/** A step that was taken before (its first event is in the stream): nothing is done again. */
export interface StepAlreadyTaken {
  alreadyTaken: true;
  streamId: string;
}

export type StepOutcome<S> = (CommandResult<S> & { alreadyTaken: false }) | StepAlreadyTaken;

/**
 * The steps of one unit of work (a process manager reacting to one event, or one request that
 * writes to several streams), each a command on one stream. The events of step `s` get the ids
 * nameBasedUuid(`<key>/<s>/<index>`): when the unit runs again with the same key (the event
 * redelivered after a crash, the request retried), a step whose first event is already in its
 * stream is skipped, and a concurrent duplicate append is answered by the event store's
 * idempotent append (same id, same content) or refused (same id, other content). The steps after
 * it then run on the state they left, so the unit finishes exactly once.
 */
export class IdempotentSteps {
  constructor(
    private readonly store: EventStore,
    private readonly key: string,
    private readonly context: CommandContext,
    private readonly retries = 3,
    private readonly onAppended: AppendedListener = () => undefined,
  ) {}

  /** The deterministic id of event `index` of step `step` in this unit. */
  eventId(step: string, index = 0): string {
    return stepEventId(this.key, step, index);
  }

  async execute<C, E extends DomainEvent, S>(step: string, decider: Decider<C, E, S>, streamId: string, command: C): Promise<StepOutcome<S>> {
    const first = this.eventId(step, 0);
    for await (const event of this.store.readStream(streamId)) {
      if (event.id === first) return { alreadyTaken: true, streamId };
    }
    const executor = new CommandExecutor(
      new IdAssigningEventStore(this.store, (index) => this.eventId(step, index)),
      this.retries,
      this.onAppended,
    );
    const result = await executor.execute(decider, streamId, command, { ...this.context, causationId: this.context.causationId ?? this.key });
    return { ...result, alreadyTaken: false };
  }

  /** The current state of a stream, for a step that must look before it acts. */
  load<E extends DomainEvent, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, streamId: string) {
    return new CommandExecutor(this.store, this.retries).load(decider, streamId);
  }
}
