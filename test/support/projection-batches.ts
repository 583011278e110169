import type pg from 'pg';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import type { Projection, TableNames } from '../../src/projections/projection.js';

/** Every event of the log that the projection reads, in log order. */
export async function eventsFor(store: EventStore, projection: Projection): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) {
    if (!projection.eventTypes || projection.eventTypes.includes(event.type)) events.push(event);
  }
  return events;
}

/**
 * Builds a projection's tables under `suffix` (e.g. `rpt_dwellings_single`) and applies the events
 * to them in batches of `batchSize`, each batch in its own transaction as the runner does.
 * Returns the physical table names.
 */
export async function applyInBatches<T extends string>(
  pool: pg.Pool,
  projection: Projection<T>,
  suffix: string,
  events: readonly RecordedEvent[],
  batchSize: number,
): Promise<TableNames<T>> {
  const logical = Object.keys(projection.tables) as T[];
  const names = Object.fromEntries(logical.map((t) => [t, `${t}_${suffix}`])) as TableNames<T>;
  const client = await pool.connect();
  try {
    for (const t of logical) await client.query(projection.tables[t](names[t], names));
    for (let i = 0; i < events.length; i += batchSize) {
      await client.query('BEGIN');
      await projection.apply(client, names, events.slice(i, i + batchSize));
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return names;
}

/** A table's rows as text, in a stable order, for comparing two builds of the same read model. */
export async function tableText(pool: pg.Pool, table: string): Promise<string[]> {
  const { rows } = await pool.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t ORDER BY 1`);
  return rows.map((row) => row.r);
}

/**
 * A projection's tables after applying `events` in batches of `batchSize` in fresh tables named
 * `<logical>_<suffix>`: every row's text form per logical table, sorted, so two ways of batching can
 * be compared exactly.
 */
export async function tablesAfterBatches(
  pool: pg.Pool,
  projection: Projection,
  events: readonly RecordedEvent[],
  batchSize: number,
  suffix: string,
): Promise<Record<string, string[]>> {
  const names = await applyInBatches(pool, projection, suffix, events, batchSize);
  const tables: Record<string, string[]> = {};
  for (const t of Object.keys(projection.tables)) tables[t] = await tableText(pool, names[t]!);
  return tables;
}

/** Events as the log would hand them to a projection: positions 1, 2, …; two events per millisecond of recording time (an empty validity interval). */
export function asRecorded(events: ReadonlyArray<{ streamId: string; type: string; data: unknown }>, from = Date.UTC(2025, 0, 1)): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((e, i) => {
    const revision = revisions.get(e.streamId) ?? 0n;
    revisions.set(e.streamId, revision + 1n);
    return {
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      streamId: e.streamId,
      revision,
      position: BigInt(i + 1),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: { actor: 'caseworker-1', role: 'caseworker', correlationId: 'c', causationId: 'c', occurredAt: '2025-01-01T00:00:00.000Z', recordedAt: new Date(from + Math.floor(i / 2)).toISOString() },
    };
  });
}
