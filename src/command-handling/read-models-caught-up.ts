import type { ReadYourWrites } from '../graphql/read-your-writes.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Waits until the named read models have processed every event committed so far. A command that
 * decides from a read model (the concentration counts, the waiting list, the overdue offers) must
 * not decide from a view that misses a step committed just before it.
 *
 * Why not the store's headPosition: on PostgreSQL that is the bound projections may read up to,
 * which stays below an event just committed while any older transaction is still open. The last
 * committed position is what we need to wait for; the projections reach it once those close.
 */
export async function readModelsCaughtUp(runtime: Pick<Runtime, 'store' | 'pool'>, readYourWrites: ReadYourWrites, names: readonly string[]): Promise<void> {
  await readYourWrites.waitFor(await lastCommittedPosition(runtime), names);
}

export async function lastCommittedPosition(runtime: Pick<Runtime, 'store' | 'pool'>): Promise<bigint> {
  if (runtime.store.adapterName !== 'postgres') return runtime.store.headPosition();
  const { rows } = await runtime.pool.query<{ p: string | null }>(`SELECT max(position)::text AS p FROM events`);
  return rows[0]?.p ? BigInt(rows[0].p) : 0n;
}
