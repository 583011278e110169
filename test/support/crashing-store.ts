import type { NewEvent } from '../../src/event-store/event-envelope.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { IdAssigningEventStore } from '../../src/process-managers/id-assigning-event-store.js';

/** The event store, except that appends to streams starting with `prefix` fail while `failing` is set (a crash mid-request). */
export class CrashingStore extends IdAssigningEventStore {
  failing = true;
  constructor(
    private readonly real: EventStore,
    private readonly prefix: string,
  ) {
    super(real, () => '');
  }
  override append(streamId: string, events: readonly NewEvent[], expected: Parameters<EventStore['append']>[2]) {
    if (this.failing && streamId.startsWith(this.prefix)) return Promise.reject(new Error('connection lost'));
    return this.real.append(streamId, events, expected);
  }
}
