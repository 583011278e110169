import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { EventStore, ReadAllFilter } from '../event-store/event-store.port.js';

/**
 * An async iterator of live events for a GraphQL subscription, starting at the log head when the
 * client subscribes. Buffers at most `maxBuffered` events for a slow client, then drops the client.
 */
export function eventStream<T>(
  store: EventStore,
  filter: ReadAllFilter,
  map: (event: RecordedEvent) => T,
  maxBuffered = 10_000,
): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let failure: Error | undefined;
  let finished = false;
  let subscription: { stop(): Promise<void> } | undefined;

  const started = store.headPosition().then((head) => {
    if (finished) return;
    subscription = store.subscribe({ after: head, filter }, async (events) => {
      for (const event of events) {
        const value = map(event);
        if (waiting) {
          const resolve = waiting;
          waiting = undefined;
          resolve({ value, done: false });
        } else if (buffer.length < maxBuffered) {
          buffer.push(value);
        } else {
          failure = new Error('subscriber too slow: more than 10000 undelivered events');
          await finish();
        }
      }
    });
  });

  async function finish(): Promise<IteratorResult<T>> {
    finished = true;
    await started.catch(() => undefined);
    await subscription?.stop();
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return { value: undefined, done: true };
  }

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (failure) throw failure;
      if (buffer.length > 0) return { value: buffer.shift()!, done: false };
      if (finished) return { value: undefined, done: true };
      return new Promise<IteratorResult<T>>((resolve) => (waiting = resolve));
    },
    return: finish,
    async throw(error?: unknown) {
      await finish();
      throw error;
    },
  };
}
