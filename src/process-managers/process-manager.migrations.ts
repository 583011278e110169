import type { Migration } from '../database/migration.js';

/** Where each process manager has got to in the log; advanced after each event it has handled. */
export const processManagerMigrations: Migration[] = [
  {
    id: 700,
    name: 'process manager checkpoints',
    sql: `CREATE TABLE process_manager_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL DEFAULT 0,
      events_handled bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
];
