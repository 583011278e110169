import type { RecordedEvent } from './event-envelope.js';
import type { EventStore, SubscribeOptions, Subscription } from './event-store.port.js';

export interface FollowOptions {
  /** Upper bound on how long a follower sleeps before looking again (for writers in other processes). */
  pollIntervalMs: number;
  /** Registers a wake-up for appends made through this process; returns the unregister function. */
  onAppended?: (listener: () => void) => () => void;
}

/**
 * Catch up, then follow: reads pages of $all after the last position handed to the handler and
 * sleeps when there is nothing new, waking on a local append or after the poll interval.
 * The handler sees each event once, in log order; a handler failure ends the subscription.
 */
export function followAll(
  store: Pick<EventStore, 'readAllPage'>,
  options: SubscribeOptions,
  handler: (events: RecordedEvent[]) => Promise<void>,
  follow: FollowOptions,
): Subscription {
  let stopped = false;
  let wake: (() => void) | undefined;
  let pendingWake = false;
  const unregister = follow.onAppended?.(() => {
    pendingWake = true;
    wake?.();
  });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    let after = options.after ?? 0n;
    const batchSize = options.batchSize ?? 500;
    let idleRounds = 0;
    try {
      while (!stopped) {
        pendingWake = false;
        const page = await store.readAllPage(after, batchSize, options.filter);
        if (stopped) break;
        if (page.events.length > 0) await handler(page.events);
        after = page.scannedTo;
        if (page.events.length === batchSize) continue;
        // A local append may still sit behind an older transaction that has not ended: look again soon.
        idleRounds = page.events.length > 0 ? 0 : idleRounds + 1;
        await sleep(idleRounds < 5 ? Math.min(5 * (idleRounds + 1), follow.pollIntervalMs) : follow.pollIntervalMs);
      }
    } finally {
      unregister?.();
    }
  };
  const done = run();
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
