import pg from 'pg';
import '../database/pg-types.js';
import { migrate } from '../database/migrator.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { createLogger } from '../observability/logger.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';
import { KostraReports } from '../reporting/kostra-reports.js';
import { reportingFactsProjection } from '../reporting/reporting-facts.projection.js';
import { reportingMigrations } from '../reporting/reporting.migrations.js';
import { benchBaseUrl } from './bench-database.js';
import { copyOfLog, generatedLog } from './generated-log.js';

const PROFILE = 'oslo';
const MUNICIPALITY = '0301';

/** The fact tables the report reads (the reporting-facts projection's views). */
const FACT_TABLES = Object.keys(reportingFactsProjection.tables);

/**
 * The KOSTRA report for municipality 0301 on the generated oslo log (1 year, seed 1; BENCH_YEARS,
 * BENCH_SEED), for the log's last generated year as of its head. The cached log's events are copied
 * into a throwaway schema where the real ProjectionRunner builds the reporting facts, so the cached
 * schema is only read. The runner is stopped before timing, so nothing else runs in the database
 * during the measurement. `KostraReports.compute` is timed whole (head position, read-model check,
 * the register's municipality, every figure query, canonical JSON and hash): one cold run, then
 * BENCH_RUNS (10) runs, median and max. Reference, same run: a plain `SELECT count(*)` over every
 * fact table (the cheapest full read of the data the report is computed from), median of as many runs.
 */
export async function reportBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const years = Number(process.env.BENCH_YEARS ?? 1);
  const seed = process.env.BENCH_SEED ?? '1';
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_RUNS must be a whole number, 1 or more');
  const generated = await generatedLog(PROFILE, years, seed, log);
  const year = await lastGeneratedYear(generated.schema);

  const db = await copyOfLog(generated, 4, log);
  try {
    // The copy has the event store's tables already.
    await migrate(db.pool, [...projectionMigrations, ...reportingMigrations]);

    const store = new PostgresEventStore(db.pool, undefined, { pollIntervalMs: 50 });
    const runner = new ProjectionRunner(db.pool, store, [reportingFactsProjection], { batchSize: 500, pollIntervalMs: 50, logger: createLogger('warn') });
    const head = await store.headPosition();
    log(`building the reporting facts up to position ${head}`);
    const buildStarted = process.hrtime.bigint();
    await runner.start();
    try {
      await runner.waitForPosition(head, 30 * 60_000, [reportingFactsProjection.name]);
    } finally {
      await runner.stop();
    }
    const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
    // The projection's tables were just filled: plan the report on fresh statistics, as autovacuum would.
    for (const table of FACT_TABLES) await db.pool.query(`ANALYZE ${await liveTable(db.pool, table)}`);
    const rows = await factRows(db.pool);
    log(`reporting facts built in ${buildSeconds.toFixed(1)} s: ${Object.entries(rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);

    const reports = new KostraReports(db.pool, store, runner, { municipalityNumber: undefined, waitTimeoutMs: 60_000 });
    const input = { year, municipality: MUNICIPALITY, position: null };
    const cold = await seconds(() => reports.compute(input));
    const first = await reports.compute(input);
    log(`cold run ${cold.toFixed(3)} s; report ${year} for ${MUNICIPALITY} at position ${first.report.position}, hash ${first.hash.slice(0, 16)}…`);
    const { stock, applications } = first.report;
    log(`  stock ${stock.total} (${stock.enteredDuringYear} entered, ${stock.soldDuringYear} sold), ${applications.newReceived ?? 'no'} new applications (${applications.newRefused ?? 'no'} refused)`);
    const times: number[] = [];
    const references: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternating, so a burst of load from other processes on the machine hits both sides alike.
      times.push(await seconds(async () => {
        const again = await reports.compute(input);
        if (again.hash !== first.hash) throw new Error(`run ${i + 1} gave another report (hash ${again.hash}, first ${first.hash}): the report must be the same at the same position`);
      }));
      references.push(await seconds(() => countFacts(db.pool)));
    }
    const median = medianOf(times);
    const max = Math.max(...times);
    const referenceMedian = medianOf(references);
    log(`report: median ${median.toFixed(3)} s, max ${max.toFixed(3)} s over ${runs} runs; count(*) over the ${FACT_TABLES.length} fact tables: median ${referenceMedian.toFixed(4)} s`);
    return {
      bench: 'report',
      profile: PROFILE,
      seconds: round(median),
      maxSeconds: round(max),
      years,
      seed,
      year,
      municipality: MUNICIPALITY,
      events: generated.events,
      factRows: Object.values(rows).reduce((s, n) => s + n, 0),
      runs,
      coldSeconds: round(cold),
      countStarSeconds: round(referenceMedian),
      ratio: Number((median / referenceMedian).toFixed(1)),
    };
  } finally {
    await db.drop();
  }
}

/** The last year the generator wrote (its `to` date), read from the cached log's completion mark. */
async function lastGeneratedYear(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: benchBaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ to: string | null }>(`SELECT summary->>'to' AS to FROM ${schema}.bench_generated ORDER BY generated_at DESC LIMIT 1`);
    const to = rows[0]?.to;
    if (!to || !/^\d{4}-/.test(to)) throw new Error(`the generated log in ${schema} records no last generated date`);
    return Number(to.slice(0, 4));
  } finally {
    await client.end();
  }
}

/** The live generation's table behind a fact table's view (ANALYZE does not take a view). */
async function liveTable(pool: pg.Pool, logical: string): Promise<string> {
  const { rows } = await pool.query<{ generation: number }>(`SELECT generation FROM projection_generations WHERE name = $1 AND status = 'live'`, [reportingFactsProjection.name]);
  if (!rows[0]) throw new Error('the reporting facts have no live generation');
  return `${logical}_g${rows[0].generation}`;
}

async function factRows(pool: pg.Pool): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of FACT_TABLES) out[table] = Number((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
  return out;
}

/** The reference: one plain count(*) per fact table, in one read-only snapshot like the report's. */
async function countFacts(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const table of FACT_TABLES) await client.query(`SELECT count(*) FROM ${table}`);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function seconds(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(s: number): number {
  return Number(s.toFixed(4));
}
