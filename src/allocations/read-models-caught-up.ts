import type { EventStore } from '../event-store/event-store.port.js';
import type { ReadYourWrites } from '../graphql/read-your-writes.js';

/**
 * Waits until the named read models have processed every event in the log now. A command that
 * decides from a read model (the concentration counts, the waiting list, the overdue offers) must
 * not decide from a view that misses the step just before it.
 */
export async function readModelsCaughtUp(store: EventStore, readYourWrites: ReadYourWrites, names: readonly string[]): Promise<void> {
  await readYourWrites.waitFor(await store.headPosition(), names);
}
