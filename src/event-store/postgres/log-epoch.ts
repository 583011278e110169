import type pg from 'pg';

/** The log's transaction-id offset, and whether this start had to raise it. */
export interface LogEpoch {
  xidOffset: bigint;
  /** Set when the server's transaction counter was behind the log (a restore into a new server). */
  advanced: { fromXid: bigint; lastLoggedXid: bigint } | null;
}

/**
 * Positions are transaction ids shifted left, so they follow commit order only while the server's
 * transaction counter is ahead of every position in the log. A dump restored into a new server
 * (pg_dump / pg_restore, logical replication) carries the log but not the counter: new appends would
 * get positions below the old ones, and every checkpoint would skip them. Run at every start before
 * the first append: when the next transaction id (plus the offset) is not past the newest logged
 * one, the offset is raised once so that it is. One statement, so concurrent starts raise it once
 * (the second re-checks the updated row and finds nothing to do). The counter only grows, so an
 * offset once right stays right.
 */
export async function openLogEpoch(db: pg.Pool | pg.ClientBase): Promise<LogEpoch> {
  const { rows: raised } = await db.query<{ from_xid: string; last_xid: string }>(
    `WITH log AS (SELECT coalesce(max(position), 0) >> 20 AS last_xid FROM events),
          nxt AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid)
     UPDATE event_log_epoch e
        SET xid_offset = log.last_xid - nxt.next_xid + 1, advanced_at = now(), advanced_at_xid = nxt.next_xid
       FROM log, nxt
      WHERE nxt.next_xid + e.xid_offset <= log.last_xid
     RETURNING nxt.next_xid::text AS from_xid, log.last_xid::text AS last_xid`,
  );
  const { rows } = await db.query<{ xid_offset: string }>(`SELECT xid_offset::text FROM event_log_epoch`);
  if (!rows[0]) throw new Error('event_log_epoch has no row: the event store migrations have not run on this database');
  return {
    xidOffset: BigInt(rows[0].xid_offset),
    advanced: raised[0] ? { fromXid: BigInt(raised[0].from_xid), lastLoggedXid: BigInt(raised[0].last_xid) } : null,
  };
}
