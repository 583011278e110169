import type pg from 'pg';

/**
 * The server process (pid) holding the session advisory lock a runner takes under `key`
 * (pg_try_advisory_lock(hashtext(current_schema() || key))), or undefined when nobody holds it.
 * Real PostgreSQL only: PGlite has one backend for every connection.
 */
export async function advisoryLockHolder(pool: pg.Pool, key: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
       AND classid::text::bigint = (hashtext(current_schema() || $1)::bigint >> 32) & 4294967295
       AND objid::text::bigint = hashtext(current_schema() || $1)::bigint & 4294967295`,
    [key],
  );
  return rows[0]?.pid;
}
