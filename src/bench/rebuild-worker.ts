import { readFileSync } from 'node:fs';
import pg from 'pg';
import '../database/pg-types.js';
import { migrate } from '../database/migrator.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { createLogger } from '../observability/logger.js';
import { ProjectionRunner, tableNames } from '../projections/projection-runner.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';
import { registeredProjections } from '../projections/registered-projections.js';

/**
 * Runs in its own process (started by rebuild.bench.ts) so its memory figures are the rebuild's
 * alone: rebuilds every registered projection from position 0 on the log at REBUILD_URL and prints
 * one JSON line with the time, events read and the peak resident memory.
 */
const url = process.env.REBUILD_URL!;
const batchSize = Number(process.env.PROJECTION_BATCH_SIZE ?? 500);
const buildBatchSize = Number(process.env.PROJECTION_BUILD_BATCH_SIZE ?? 2000);
// REBUILD_PROJECTIONS (comma-separated names) rebuilds only those: the cost of each read model alone.
const only = process.env.REBUILD_PROJECTIONS?.split(',').map((n) => n.trim()).filter(Boolean);
const unknown = only?.filter((n) => !registeredProjections.some((p) => p.name === n)) ?? [];
if (unknown.length > 0) throw new Error(`REBUILD_PROJECTIONS names no projection ${unknown.join(', ')}; known: ${registeredProjections.map((p) => p.name).join(', ')}`);
const projections = only?.length ? registeredProjections.filter((p) => only.includes(p.name)) : registeredProjections;
const pool = new pg.Pool({ connectionString: url, max: 6 });
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);
await migrate(pool, projectionMigrations);
const store = new PostgresEventStore(pool, undefined, { pollIntervalMs: 50 });
const runner = new ProjectionRunner(pool, store, projections, { batchSize, buildBatchSize, pollIntervalMs: 50, logger: createLogger('warn') });
const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
// A rebuild left half-done by an interrupted run would be continued, not timed from the start: drop it.
const { rows: stale } = await pool.query<{ name: string; generation: number }>(`SELECT name, generation FROM projection_generations WHERE status = 'building'`);
for (const row of stale) {
  const projection = registeredProjections.find((p) => p.name === row.name);
  if (projection) for (const table of Object.values(tableNames(projection, row.generation))) await pool.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  await pool.query(`UPDATE projection_generations SET status = 'retired' WHERE name = $1 AND generation = $2`, [row.name, row.generation]);
}
const started = process.hrtime.bigint();
for (const name of runner.names) await runner.requestRebuild(name);
await runner.start();
// Polls the generations table only: runner.status() counts the events behind each projection,
// a scan of the log that would itself load the database during the measurement.
// When each projection's new generation went live: the rebuild takes as long as the slowest.
const finished: Record<string, number> = {};
for (;;) {
  const { rows: building } = await pool.query<{ name: string; error: string | null }>(
    `SELECT name, error FROM projection_generations WHERE status = 'building' OR (status = 'live' AND error IS NOT NULL)`,
  );
  const failed = building.find((b) => b.error !== null);
  if (failed) throw new Error(`projection ${failed.name} failed: ${failed.error}`);
  const at = Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(1));
  for (const name of runner.names) if (!(name in finished) && !building.some((b) => b.name === name)) finished[name] = at;
  if (building.length === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await runner.stop();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
await pool.end();
console.log(
  JSON.stringify({
    events: rows[0]!.n,
    projections: runner.names,
    seconds,
    projectionSeconds: finished,
    peakRssMb: Math.round(peakRss / 1048576),
    vmHwmMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null,
  }),
);
