import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PROFILE_NAMES, type ProfileName } from '../generator/generator-profile.js';
import { benchSchema, timed } from './bench-database.js';
import { generatedLog } from './generated-log.js';

const BATCH = 500;

/**
 * Rebuilds every registered projection from the generated log of a profile (default national, 1
 * year; BENCH_PROFILE, BENCH_YEARS, BENCH_SEED) in a child process that samples its resident memory,
 * against a raw batched INSERT of the same number of rows (500 a statement, the projection batch
 * size) into one table, measured in the same run.
 */
export async function rebuildBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const profile = (process.env.BENCH_PROFILE ?? 'national') as ProfileName;
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) throw new Error(`BENCH_PROFILE must be one of ${PROFILE_NAMES.join(', ')}`);
  const years = Number(process.env.BENCH_YEARS ?? 1);
  const seed = process.env.BENCH_SEED ?? '1';
  const generated = await generatedLog(profile, years, seed, log);

  log(`rebuilding all projections from ${generated.events} events`);
  const worker = await runWorker(generated.url);
  log(`rebuild: ${worker.seconds.toFixed(1)} s, ${Math.round(worker.events / worker.seconds)} events/s, peak RSS ${worker.peakRssMb} MB (VmHWM ${worker.vmHwmMb} MB)`);
  log(`each projection live after (s): ${Object.entries(worker.projectionSeconds).sort((a, b) => b[1] - a[1]).map(([n, s]) => `${n} ${s}`).join(', ')}`);

  const raw = await rawBatchedInsert(generated.events);
  log(`raw batched INSERT of ${generated.events} rows: ${raw.seconds.toFixed(1)} s, ${Math.round(raw.rowsPerSec)} rows/s`);
  const eventsPerSec = worker.events / worker.seconds;
  return {
    bench: 'rebuild',
    profile,
    years,
    seed,
    projections: worker.projections,
    projectionSeconds: worker.projectionSeconds,
    events: worker.events,
    seconds: Number(worker.seconds.toFixed(2)),
    eventsPerSec: Math.round(eventsPerSec),
    rawBatchedRowsPerSec: Math.round(raw.rowsPerSec),
    ratio: Number((eventsPerSec / raw.rowsPerSec).toFixed(3)),
    peakRssMb: Math.max(worker.peakRssMb, worker.vmHwmMb ?? 0),
    generationEventsPerSec: generated.generation?.eventsPerSec ?? null,
  };
}

interface WorkerResult {
  events: number;
  projections: string[];
  seconds: number;
  /** Seconds from the start until each projection's new generation went live. */
  projectionSeconds: Record<string, number>;
  peakRssMb: number;
  vmHwmMb: number | null;
}

function runWorker(url: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./rebuild-worker.js', import.meta.url))], {
      env: { ...process.env, REBUILD_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`rebuild worker exited with ${code}: ${out}`));
      resolve(JSON.parse(last) as WorkerResult);
    });
  });
}

/** Rows shaped like the read model's (a uuid key, a few text columns, numbers, a date), 500 per INSERT. */
async function rawBatchedInsert(rows: number): Promise<{ seconds: number; rowsPerSec: number }> {
  const db = await benchSchema(4);
  try {
    await db.pool.query(`CREATE TABLE raw_rows (id uuid PRIMARY KEY, kind text NOT NULL, district text NOT NULL, status text NOT NULL, n integer NOT NULL, day date NOT NULL, data jsonb NOT NULL)`);
    const batches = Math.ceil(rows / BATCH);
    // One writer, each batch its own transaction, as a projection applies one batch at a time.
    const seconds = await timed(batches, 1, (b) => insertBatch(db.pool, Math.min(BATCH, rows - b * BATCH)));
    return { seconds, rowsPerSec: rows / seconds };
  } finally {
    await db.drop();
  }
}

function insertBatch(pool: pg.Pool, n: number) {
  const ids = Array.from({ length: n }, () => randomUUID());
  return pool.query(
    `INSERT INTO raw_rows (id, kind, district, status, n, day, data)
     SELECT id, 'DwellingRegistered', 'Nordlandet', 'available', ord::int, date '2025-01-01' + (ord::int % 365), jsonb_build_object('rooms', 3, 'bedrooms', 2, 'n', ord)
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
    [ids],
  );
}
