import type { NewEvent, RecordedEvent } from '../event-store/event-envelope.js';
import { toNewEvents, type CommandContext } from '../event-store/event-envelope.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.errors.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Decider } from '../shared-kernel/decider.js';
import type { DomainEvent } from '../shared-kernel/domain-event.js';
import { DomainError } from '../shared-kernel/domain-error.js';

export interface CommandResult<S = unknown> {
  streamId: string;
  /** The stream's revision after the command (its new version, for the next expected revision). */
  revision: bigint;
  /** Global position of the last event written; null when the command changed nothing. */
  position: bigint | null;
  events: DomainEvent[];
  state: S;
}

/** Receives timings for metrics; outcomes: ok, refused (a domain rule), conflict (concurrent writers), error. */
export interface CommandObserver {
  command(type: string, outcome: string, seconds: number): void;
  append(outcome: string, seconds: number): void;
}

export interface ExecuteOptions {
  /** The caller's view of the stream: refused with STALE_REVISION if the stream has moved on. */
  expectedRevision?: bigint;
}

/**
 * Load → decide → append with the expected revision. When another writer changed the stream
 * between our read and our append, decide again on the new state, a bounded number of times.
 */
/**
 * Told the types of the events a command appended and the log position of the last (to wake the
 * read models that read them, and let them know what to look for).
 */
export type AppendedListener = (eventTypes: readonly string[], position: bigint) => void;

export class CommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly retries: number,
    private readonly onAppended: AppendedListener = () => undefined,
    private readonly observer?: CommandObserver,
  ) {}

  /**
   * Envelopes for events decided outside `execute`, at their types' current schema versions (as
   * `execute` writes them): the versions of the upcasters the store reads with, so an event is read
   * back as it was decided and never upcast again.
   */
  newEvents<E extends DomainEvent>(events: readonly E[], context: CommandContext): NewEvent<E['type'], E['data']>[] {
    return toNewEvents(events, context, this.store.schemaVersions);
  }

  async execute<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    command: C,
    context: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<CommandResult<S>> {
    if (!this.observer) return this.run(decider, streamId, command, context, options);
    const started = process.hrtime.bigint();
    const type = (command as { type?: string }).type ?? 'unknown';
    try {
      const result = await this.run(decider, streamId, command, context, options);
      this.observer.command(type, 'ok', elapsed(started));
      return result;
    } catch (error) {
      const outcome = error instanceof DomainError ? (error.category === 'CONFLICT' ? 'conflict' : 'refused') : 'error';
      this.observer.command(type, outcome, elapsed(started));
      throw error;
    }
  }

  private async run<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    command: C,
    context: CommandContext,
    options: ExecuteOptions,
  ): Promise<CommandResult<S>> {
    for (let attempt = 0; ; attempt++) {
      let state = decider.initialState;
      let revision = -1n;
      for await (const event of this.store.readStream(streamId)) {
        state = decider.evolve(state, { type: event.type, data: event.data } as E);
        revision = event.revision;
      }
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
        throw new DomainError(
          'STALE_REVISION',
          `${streamId} has changed since you read it (you had revision ${options.expectedRevision}, it is now ${revision}); reload and try again`,
          'CONFLICT',
          'expectedRevision',
        );
      }
      const events = decider.decide(command, state);
      if (events.length === 0) return { streamId, revision, position: null, events, state };
      const appendStarted = process.hrtime.bigint();
      try {
        const result = await this.store.append(
          streamId,
          this.newEvents(events, context),
          revision === -1n ? 'no_stream' : revision,
        );
        this.observer?.append('ok', elapsed(appendStarted));
        this.onAppended(events.map((e) => e.type), result.position);
        return {
          streamId,
          revision: result.nextRevision,
          position: result.position,
          events,
          state: events.reduce(decider.evolve, state),
        };
      } catch (error) {
        this.observer?.append(error instanceof WrongExpectedRevisionError ? 'conflict' : 'error', elapsed(appendStarted));
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (options.expectedRevision !== undefined || attempt >= this.retries) {
          throw new DomainError(
            'CONCURRENT_MODIFICATION',
            `${streamId} was changed by someone else at the same time; reload and try again`,
            'CONFLICT',
          );
        }
      }
    }
  }

  /** The current state of one stream (for queries that need the decider's view). */
  async load<E extends DomainEvent, S>(
    decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
    streamId: string,
  ): Promise<{ state: S; revision: bigint; events: RecordedEvent[] }> {
    let state = decider.initialState;
    let revision = -1n;
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId)) {
      state = decider.evolve(state, { type: event.type, data: event.data } as E);
      revision = event.revision;
      events.push(event);
    }
    return { state, revision, events };
  }
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
