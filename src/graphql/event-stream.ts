import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { EventStore, ReadAllFilter } from '../event-store/event-store.port.js';

export interface EventStreamOptions {
  /**
   * Start after this position instead of at the log head: the stream first delivers every matching
   * event after it, then the live ones (a client resuming from a stored position misses nothing).
   * While catching up, events are read at the client's pace instead of the client being dropped.
   */
  after?: bigint;
  /** Events held for a slow client before it is dropped (live) or reading pauses (catching up). Default 10,000. */
  maxBuffered?: number;
}

/**
 * An async iterator of live events for a GraphQL subscription, starting at the log head when the
 * client subscribes (or after `options.after`). Buffers at most `maxBuffered` events for a slow
 * client, then drops the client. `options` may also be the number `maxBuffered` (the older form).
 */
export function eventStream<T>(
  store: EventStore,
  filter: ReadAllFilter,
  map: (event: RecordedEvent) => T,
  options: number | EventStreamOptions = {},
): AsyncIterableIterator<T> {
  const { after, maxBuffered = 10_000 } = typeof options === 'number' ? { after: undefined, maxBuffered: options } : options;
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let drained: (() => void) | undefined;
  let failure: Error | undefined;
  let finished = false;
  let subscription: { stop(): Promise<void> } | undefined;

  const start = after === undefined ? store.headPosition() : Promise.resolve(after);
  const started = start.then((from) => {
    if (finished) return;
    subscription = store.subscribe({ after: from, filter }, async (events) => {
      for (const event of events) {
        if (finished) return;
        const value = map(event);
        if (waiting) {
          const resolve = waiting;
          waiting = undefined;
          resolve({ value, done: false });
          continue;
        }
        // Resuming from a position: wait for the client to take events instead of dropping it.
        while (after !== undefined && buffer.length >= maxBuffered && !finished) {
          await new Promise<void>((resolve) => (drained = resolve));
        }
        if (finished) return;
        if (buffer.length < maxBuffered) {
          buffer.push(value);
        } else {
          failure = new Error(`subscriber too slow: more than ${maxBuffered} undelivered events`);
          // Not awaited: finish() waits for the subscription to stop, which waits for this handler.
          void finish();
          return;
        }
      }
    });
  });

  async function finish(): Promise<IteratorResult<T>> {
    finished = true;
    wakeProducer();
    await started.catch(() => undefined);
    await subscription?.stop();
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return { value: undefined, done: true };
  }

  function wakeProducer(): void {
    const resolve = drained;
    drained = undefined;
    resolve?.();
  }

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (failure) throw failure;
      if (buffer.length > 0) {
        const value = buffer.shift()!;
        if (buffer.length < maxBuffered / 2) wakeProducer();
        return { value, done: false };
      }
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
