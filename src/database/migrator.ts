import type pg from 'pg';
import type { Migration } from './migration.js';

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock so that
 * several service processes starting together apply each migration exactly once.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<number[]> {
  const sorted = [...migrations].sort((a, b) => a.id - b.id);
  const ids = new Set<number>();
  for (const m of sorted) {
    if (ids.has(m.id)) throw new Error(`migration id ${m.id} is used twice (${m.name})`);
    ids.add(m.id);
  }
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':boligbok:migrations'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    for (const m of sorted) {
      if (done.has(m.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        await client.query('COMMIT');
        applied.push(m.id);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.id} (${m.name}) failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':boligbok:migrations'))`).catch(() => undefined);
    client.release();
  }
  return applied;
}
