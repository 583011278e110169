import { v7 as uuidv7 } from 'uuid';
import { migrate } from '../database/migrator.js';
import type { NewEvent } from '../event-store/event-envelope.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../event-store/postgres/event-store.migrations.js';
import { benchSchema, timed } from './bench-database.js';
import { eventChainProjection } from '../audit/event-chain/event-chain.projection.js';
import { createLogger } from '../observability/logger.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';

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
 * With `chain`, the tamper-evidence chain (the event-chain projection) runs beside the appends
 * throughout the rounds, as in the service, and the figures say how far behind it was at the end.
 * As in the service, every append wakes the chain at once (BENCH_CHAIN_NUDGE=0: it only polls,
 * every PROJECTION_POLL_INTERVAL_MS, default 250, as for appends made by another process).
 */
export async function eventstoreBench(log: (line: string) => void, options: { chain?: boolean } = {}): Promise<Record<string, unknown>> {
  const count = Number(process.env.BENCH_EVENTS ?? 6000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const db = await benchSchema(WRITERS + (options.chain ? 4 : 2));
  try {
    await migrate(db.pool, eventStoreMigrations);
    await db.pool.query(`CREATE TABLE raw_inserts (id bigserial PRIMARY KEY, event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`);
    const store = new PostgresEventStore(db.pool);
    let runner: ProjectionRunner | undefined;
    const nudge = process.env.BENCH_CHAIN_NUDGE !== '0';
    if (options.chain) {
      await migrate(db.pool, projectionMigrations);
      const pollIntervalMs = Number(process.env.PROJECTION_POLL_INTERVAL_MS ?? 250);
      runner = new ProjectionRunner(db.pool, store, [eventChainProjection], { batchSize: 500, pollIntervalMs, logger: createLogger('silent') });
      await runner.start();
    }
    // Warm up connections and caches.
    await timed(1000, WRITERS, (i) => store.append(`warmup-${uuidv7()}`, [payload(i)], 'no_stream'));
    await timed(1000, WRITERS, (i) => insertRaw(db.pool, payload(i)));
    let rawSeconds = 0;
    let appendSeconds = 0;
    const roundRatios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const raw = await timed(count, WRITERS, (i) => insertRaw(db.pool, payload(i)));
      const app = await timed(count, WRITERS, async (i) => {
        const result = await store.append(`dwelling-${uuidv7()}`, [payload(i)], 'no_stream');
        if (nudge) runner?.nudge();
        return result;
      });
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

    // How far behind the chain was when the appends stopped, and how long it took to catch up.
    let chain: Record<string, unknown> = {};
    if (runner) {
      const head = await store.headPosition();
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM events)::int - (SELECT count(*) FROM event_chain)::int AS n`,
      );
      const catchUpStarted = process.hrtime.bigint();
      await runner.waitForPosition(head, 300_000, ['event-chain']);
      const catchUpSeconds = Number(process.hrtime.bigint() - catchUpStarted) / 1e9;
      await runner.stop();
      const chained = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_chain`)).rows[0]!.n;
      const total = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).rows[0]!.n;
      // Readers see only events below the oldest open transaction of the whole server: another
      // client's long transaction holds the chain back, and such a run does not measure the chain.
      if (chained !== total) log(`WARNING: the chain saw ${chained} of ${total} events (a long transaction elsewhere on the server?); this run is not representative`);
      chain = { chainOn: true, chainWokenByEveryAppend: nudge, chainBehindAtEnd: rows[0]!.n, chainCatchUpSeconds: Number(catchUpSeconds.toFixed(2)), chainedEvents: chained, chainCaughtUp: chained === total };
      log(`event chain: ${rows[0]!.n} events behind when the appends stopped, caught up in ${catchUpSeconds.toFixed(2)} s`);
    }

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
      bench: options.chain ? 'eventstore-chain' : 'eventstore',
      ...chain,
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
