import pg from 'pg';
import { migrate } from '../database/migrator.js';
import { eventStoreMigrations } from '../event-store/postgres/event-store.migrations.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { generateHistory, type GenerationResult } from '../generator/generate-history.js';
import type { ProfileName } from '../generator/generator-profile.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';
import { personalDataMigrations } from '../personal-data/personal-data.migrations.js';
import { benchBaseUrl, benchSchema, schemaUrl, type BenchSchema } from './bench-database.js';

/** Bump when the generator's output changes, so benches do not reuse a log of an older generator. */
export const GENERATOR_CACHE_VERSION = 9;

export interface GeneratedLog {
  schema: string;
  /** The schema's URL on the bench server (search_path set). */
  url: string;
  events: number;
  /** Set when the log was generated in this run (not reused). */
  generation: GenerationResult | null;
}

/**
 * A generated log in its own schema, kept between runs (named by profile, years, seed and generator
 * version) so a rerun of a bench does not regenerate minutes of history. A schema left half-written
 * by an interrupted run has no completion mark and is generated again.
 */
export async function generatedLog(profile: ProfileName, years: number, seed: string, log: (line: string) => void): Promise<GeneratedLog> {
  const schema = `bench_log_${profile}_${years}y_s${seed.replace(/[^a-z0-9]/gi, '')}_v${GENERATOR_CACHE_VERSION}`.toLowerCase();
  const admin = new pg.Client({ connectionString: benchBaseUrl() });
  await admin.connect();
  try {
    const done = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'bench_generated'`, [schema]);
    if (done.rows.length > 0) {
      const { rows } = await admin.query<{ n: number; generated: number }>(
        `SELECT (SELECT count(*)::int FROM ${schema}.events) AS n, (SELECT (summary->>'events')::int FROM ${schema}.bench_generated LIMIT 1) AS generated`,
      );
      const { n, generated } = rows[0]!;
      if (n === generated) {
        log(`reusing the generated log in schema ${schema} (${n} events); drop the schema to generate it again`);
        await admin.query(`VACUUM (ANALYZE) ${schema}.events`);
        return { schema, url: schemaUrl(schema), events: n, generation: null };
      }
      // Written to after it was generated (the lag bench appended to it before it got a copy of its
      // own): every bench reads the same log, so it is generated again.
      log(`the log in schema ${schema} has ${n} events but was generated with ${generated}: generating it again`);
    }
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: schemaUrl(schema), max: 12 });
  try {
    await migrate(pool, [...eventStoreMigrations, ...projectionMigrations, ...personalDataMigrations]);
    const store = new PostgresEventStore(pool);
    log(`generating the ${profile} profile, ${years} year(s), seed ${seed} into schema ${schema}`);
    let lastPercent = -10;
    const generation = await generateHistory(store, {
      profile,
      years,
      seed,
      concurrency: 12,
      onProgress: ({ week, weeks, eventsAppended }) => {
        const percent = Math.floor((week / Math.max(1, weeks)) * 100);
        if (percent >= lastPercent + 10) {
          lastPercent = percent;
          log(`  generated week ${week}/${weeks}: ${eventsAppended} events`);
        }
      },
    });
    log(`generated ${generation.events} events in ${generation.seconds} s (${generation.eventsPerSec} events/s)`);
    // The log at rest, as autovacuum (on by default; off on the CI server) leaves it: without the
    // visibility map every index-only walk of the log also reads the table (10.7 ms against 1.5 ms
    // for the 2,000 positions after a checkpoint).
    await pool.query('VACUUM (ANALYZE) events');
    await pool.query('CREATE TABLE bench_generated (generated_at timestamptz NOT NULL DEFAULT now(), summary jsonb NOT NULL)');
    await pool.query('INSERT INTO bench_generated (summary) VALUES ($1)', [JSON.stringify(generation)]);
    return { schema, url: schemaUrl(schema), events: generation.events, generation };
  } finally {
    await pool.end();
  }
}

/**
 * A throwaway schema holding a copy of the generated log, for a bench that writes (the lag bench's
 * mutations) or builds read models of its own: the cached log stays as generated, so every run of
 * every bench starts from the same events. Dropped by `drop()`.
 */
export async function copyOfLog(generated: GeneratedLog, poolSize: number, log: (line: string) => void): Promise<BenchSchema> {
  const db = await benchSchema(poolSize);
  try {
    await migrate(db.pool, eventStoreMigrations);
    log(`copying ${generated.events} events from ${generated.schema} into a throwaway schema`);
    const columns = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at';
    await db.pool.query(`INSERT INTO events (${columns}) SELECT ${columns} FROM ${generated.schema}.events ORDER BY position`);
    await db.pool.query('VACUUM (ANALYZE) events');
    return db;
  } catch (error) {
    await db.drop();
    throw error;
  }
}
