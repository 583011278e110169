import type { Migration } from '../database/migration.js';

/**
 * One key per data subject, kept apart from the event log. Erasing a subject sets its key to NULL
 * (crypto-shredding): the sealed values in events and read models can then never be opened again.
 * The row stays as a tombstone so that nothing can be sealed for an erased subject afterwards.
 */
export const personalDataMigrations: Migration[] = [
  {
    id: 300,
    name: 'personal data keys',
    sql: `CREATE TABLE personal_data_keys (
      subject_id uuid PRIMARY KEY,
      key bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      erased_at timestamptz,
      CHECK ((key IS NULL) = (erased_at IS NOT NULL))
    )`,
  },
];
