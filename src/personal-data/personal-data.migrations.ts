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

/**
 * Every read of personal data through the API (who, in which role, which person, which operation and
 * field, why, when). It names persons only by their pseudonymous subject id, so it survives erasure.
 */
export const personalDataReadMigrations: Migration[] = [
  {
    id: 400,
    name: 'personal data reads',
    sql: `CREATE TABLE personal_data_reads (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      role text NOT NULL,
      subject_id text NOT NULL,
      operation text NOT NULL,
      field text NOT NULL,
      correlation_id text NOT NULL,
      purpose text
    );
    CREATE INDEX personal_data_reads_subject ON personal_data_reads (subject_id, id);
    CREATE INDEX personal_data_reads_actor ON personal_data_reads (actor, id);`,
  },
];
