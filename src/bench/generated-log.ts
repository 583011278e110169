import pg from 'pg';
import { migrate } from '../database/migrator.js';
import { eventStoreMigrations } from '../event-store/postgres/event-store.migrations.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { generateHistory, type GenerationResult } from '../generator/generate-history.js';
import type { ProfileName } from '../generator/generator-profile.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';
import { personalDataMigrations } from '../personal-data/personal-data.migrations.js';

/** Bump when the generator's output changes, so benches do not reuse a log of an older generator. */
export const GENERATOR_CACHE_VERSION = 7;

export interface GeneratedLog {
  schema: string;
  /** The schema's URL on the bench server (search_path set). */
  url: string;
  events: number;
  /** Set when the log was generated in this run (not reused). */
  generation: GenerationResult | null;
}

export function benchBaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

export function schemaUrl(schema: string): string {
  const u = new URL(benchBaseUrl());
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
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
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.events`);
      log(`reusing the generated log in schema ${schema} (${rows[0]!.n} events); drop the schema to generate it again`);
      return { schema, url: schemaUrl(schema), events: rows[0]!.n, generation: null };
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
    await pool.query('CREATE TABLE bench_generated (generated_at timestamptz NOT NULL DEFAULT now(), summary jsonb NOT NULL)');
    await pool.query('INSERT INTO bench_generated (summary) VALUES ($1)', [JSON.stringify(generation)]);
    return { schema, url: schemaUrl(schema), events: generation.events, generation };
  } finally {
    await pool.end();
  }
}
