import { v7 as uuidv7 } from 'uuid';
import { migrate } from '../database/migrator.js';
import type { NewEvent } from '../event-store/event-envelope.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../event-store/postgres/event-store.migrations.js';
import { benchSchema, timed } from './bench-database.js';

const WRITERS = 16;

function payload(i: number): NewEvent {
  return {
    id: uuidv7(),
    type: 'DwellingRegistered',
    schemaVersion: 1,
    data: { dwellingId: uuidv7(), district: 'Nordlandet', rooms: 3, bedrooms: 2, primaryAreaM2: 62.5, n: i },
    metadata: { actor: 'bench', role: 'system', correlationId: uuidv7(), causationId: uuidv7(), occurredAt: '2025-01-01T00:00:00.000Z' },
  };
}

/**
 * Single-event appends to distinct streams from 16 concurrent writers, against the same number of
 * plain single-row INSERT commits of the same payload into a bare table with the same concurrency,
 * alternating rounds in one run so both see the same machine state. Then $all read throughput.
 */
export async function eventstoreBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const count = Number(process.env.BENCH_EVENTS ?? 6000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const db = await benchSchema(WRITERS + 2);
  try {
    await migrate(db.pool, eventStoreMigrations);
    await db.pool.query(`CREATE TABLE raw_inserts (id bigserial PRIMARY KEY, event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`);
    const store = new PostgresEventStore(db.pool);
    // Warm up connections and caches.
    await timed(1000, WRITERS, (i) => store.append(`warmup-${uuidv7()}`, [payload(i)], 'no_stream'));
    await timed(1000, WRITERS, (i) => insertRaw(db.pool, payload(i)));
    let rawSeconds = 0;
    let appendSeconds = 0;
    const roundRatios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const raw = await timed(count, WRITERS, (i) => insertRaw(db.pool, payload(i)));
      const app = await timed(count, WRITERS, (i) => store.append(`dwelling-${uuidv7()}`, [payload(i)], 'no_stream'));
      rawSeconds += raw;
      appendSeconds += app;
      roundRatios.push(raw / app);
      log(`round ${round + 1}: raw INSERT ${(count / raw).toFixed(0)}/s, append ${(count / app).toFixed(0)}/s`);
    }
    const rawInsertsPerSec = (count * rounds) / rawSeconds;
    const appendsPerSec = (count * rounds) / appendSeconds;

    // Secondary figure: appends to existing streams with an exact expected revision (one index probe more).
    const streams = Array.from({ length: WRITERS }, () => `lease-${uuidv7()}`);
    await Promise.all(streams.map((s) => store.append(s, [payload(0)], 'no_stream')));
    // Each writer owns one stream, so every append names the exact revision it expects.
    const perWriter = Math.floor(count / WRITERS);
    const exactStarted = process.hrtime.bigint();
    await Promise.all(
      streams.map(async (s) => {
        for (let r = 0; r < perWriter; r++) await store.append(s, [payload(r)], BigInt(r));
      }),
    );
    const exactSeconds = Number(process.hrtime.bigint() - exactStarted) / 1e9;
    const exactRevisionAppendsPerSec = (perWriter * WRITERS) / exactSeconds;
    log(`exact-revision appends to existing streams: ${exactRevisionAppendsPerSec.toFixed(0)}/s`);

    // Enlarge the log with batched appends so the read measure is not dominated by start-up.
    const target = Number(process.env.BENCH_READ_EVENTS ?? 200_000);
    const existing = count * rounds + 1000;
    const batches = Math.max(0, Math.ceil((target - existing) / 500));
    await timed(batches, 4, () => store.append(`bulk-${uuidv7()}`, Array.from({ length: 500 }, (_, i) => payload(i)), 'no_stream'));
    let read = 0;
    const started = process.hrtime.bigint();
    for await (const _ of store.readAll()) read++;
    const readSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const readAllEventsPerSec = read / readSeconds;
    log(`readAll: ${read} events in ${readSeconds.toFixed(2)} s`);
    return {
      bench: 'eventstore',
      writers: WRITERS,
      appendsPerRound: count,
      rounds,
      appendsPerSec: Math.round(appendsPerSec),
      rawInsertsPerSec: Math.round(rawInsertsPerSec),
      // The median of the per-round ratios: robust to one round disturbed by the other process on 2 cores.
      ratio: Number(median(roundRatios).toFixed(3)),
      ratioOfTotals: Number((appendsPerSec / rawInsertsPerSec).toFixed(3)),
      exactRevisionAppendsPerSec: Math.round(exactRevisionAppendsPerSec),
      exactRevisionRatio: Number((exactRevisionAppendsPerSec / rawInsertsPerSec).toFixed(3)),
      readAllEvents: read,
      readAllEventsPerSec: Math.round(readAllEventsPerSec),
    };
  } finally {
    await db.drop();
  }
}

function insertRaw(pool: import('pg').Pool, e: NewEvent) {
  // Prepared, like the store's own statement, so the reference is the fastest plain insert.
  return pool.query({
    name: 'raw_insert',
    text: 'INSERT INTO raw_inserts (event_id, type, data, metadata) VALUES ($1, $2, $3, $4)',
    values: [e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
