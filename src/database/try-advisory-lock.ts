import type pg from 'pg';

/**
 * Runs `work` on a connection holding the session advisory lock `key` (named within the current
 * schema), or returns `{ locked: false }` at once when another session holds it: how a scheduled job
 * runs in one process only however many run its timer.
 */
export async function withTryAdvisoryLock<T>(pool: pg.Pool, key: string, work: (client: pg.PoolClient) => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext(current_schema() || $1)) AS ok', [key]);
    if (!rows[0]?.ok) return { locked: false };
    try {
      return { locked: true, value: await work(client) };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext(current_schema() || $1))', [key]);
    }
  } finally {
    client.release();
  }
}
