import type { Migration } from '../../database/migration.js';

/**
 * The log. `position` is the writing transaction's id (xid8) shifted left by 20 bits plus the event's
 * ordinal within that transaction. Readers only read below the oldest transaction still running
 * (pg_snapshot_xmin), so an event committed late by an old transaction is never skipped: a sequence
 * number would be assigned at insert, not at commit, and a reader following it would miss such events.
 */
export const eventStoreMigrations: Migration[] = [
  {
    id: 100,
    name: 'event store: events table',
    sql: `
      CREATE TABLE events (
        position bigint PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision),
        CONSTRAINT events_revision_not_negative CHECK (revision >= 0)
      );
      COMMENT ON TABLE events IS 'Boligbok event log: append-only, never updated or deleted';
    `,
  },
  {
    id: 101,
    name: 'event store: transaction-id offset of the log',
    sql: `
      CREATE TABLE event_log_epoch (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        xid_offset bigint NOT NULL DEFAULT 0 CHECK (xid_offset >= 0),
        advanced_at timestamptz,
        advanced_at_xid bigint
      );
      INSERT INTO event_log_epoch DEFAULT VALUES;
      COMMENT ON TABLE event_log_epoch IS 'Added to transaction ids to make log positions; raised once when the log is restored into a server whose transaction counter is behind it';
    `,
  },
];
