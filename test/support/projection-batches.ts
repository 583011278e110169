import type pg from 'pg';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import type { Projection } from '../../src/projections/projection.js';

/**
 * A projection's tables after applying `events` in batches of `batchSize`, each batch in its own
 * transaction as the runner applies them, in fresh tables named `<logical>_<suffix>`. Returned as
 * every row's text form per logical table, sorted, so two ways of batching can be compared exactly.
 */
export async function tablesAfterBatches(
  pool: pg.Pool,
  projection: Projection,
  events: readonly RecordedEvent[],
  batchSize: number,
  suffix: string,
): Promise<Record<string, string[]>> {
  const logical = Object.keys(projection.tables);
  const names = Object.fromEntries(logical.map((t) => [t, `${t}_${suffix}`]));
  for (const t of logical) await pool.query(projection.tables[t]!(names[t]!, names));
  for (let i = 0; i < events.length; i += batchSize) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await projection.apply(client, names, events.slice(i, i + batchSize));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  const tables: Record<string, string[]> = {};
  for (const t of logical) {
    const { rows } = await pool.query<{ row: string }>(`SELECT r::text AS row FROM ${names[t]} r ORDER BY 1`);
    tables[t] = rows.map((r) => r.row);
  }
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
