import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The benchmark server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local test database. */
export function benchBaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

/** The URL of one schema on the benchmark server (its search_path set). */
export function schemaUrl(schema: string): string {
  const u = new URL(benchBaseUrl());
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export interface BenchSchema {
  pool: pg.Pool;
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A throwaway schema on the benchmark server. */
export async function benchSchema(poolSize: number): Promise<BenchSchema> {
  const base = benchBaseUrl();
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = schemaUrl(schema);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  return {
    pool,
    url,
    schema,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Runs `task(i)` for i in 0..count-1 with `concurrency` workers; returns elapsed seconds. */
export async function timed(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await task(i);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}
