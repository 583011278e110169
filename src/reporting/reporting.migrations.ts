import type { Migration } from '../database/migration.js';

/**
 * Reports once produced are kept: what was sent to SSB and Husbanken must be found again as it
 * was. `content` is the canonical JSON whose SHA-256 is `hash`; one report per year, municipality
 * and log position (the same three always give the same content).
 */
export const reportingMigrations: Migration[] = [
  {
    id: 800,
    name: 'stored KOSTRA reports',
    sql: `CREATE TABLE kostra_reports (
      report_id uuid PRIMARY KEY,
      year integer NOT NULL,
      municipality text NOT NULL,
      position bigint NOT NULL,
      hash text NOT NULL,
      content text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      UNIQUE (year, municipality, position)
    );
    CREATE INDEX ON kostra_reports (created_at DESC, report_id DESC);`,
  },
];
