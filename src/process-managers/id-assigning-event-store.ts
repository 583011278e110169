import type { NewEvent, SchemaVersions } from '../event-store/event-envelope.js';
import type { AllPage, AppendResult, EventStore, ReadAllFilter, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '../event-store/event-store.port.js';
import type { ExpectedRevision } from '../event-store/expected-revision.js';
import type { RecordedEvent } from '../event-store/event-envelope.js';

/**
 * The event store, except that every appended event gets the id `idFor(index)` instead of the
 * random one the command executor made. Lets a step run through the ordinary CommandExecutor
 * (load → decide → append with expected revision) with deterministic event ids.
 */
export class IdAssigningEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly idFor: (index: number) => string,
  ) {}

  get adapterName(): string {
    return this.inner.adapterName;
  }

  get schemaVersions(): SchemaVersions {
    return this.inner.schemaVersions;
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(
      streamId,
      events.map((event, index) => ({ ...event, id: this.idFor(index) })),
      expected,
    );
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  readAllPage(after: bigint, limit: number, filter?: ReadAllFilter): Promise<AllPage> {
    return this.inner.readAllPage(after, limit, filter);
  }

  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    return this.inner.subscribe(options, handler);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
