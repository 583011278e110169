import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** A throwaway schema on the benchmark server (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local test database). */
export async function benchSchema(poolSize: number): Promise<{ pool: pg.Pool; url: string; schema: string; drop(): Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const pool = new pg.Pool({ connectionString: u.toString(), max: poolSize });
  return {
    pool,
    url: u.toString(),
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
