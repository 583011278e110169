import type { Migration } from '../database/migration.js';

/** One row per generation of each projection; `position` is its checkpoint. */
export const projectionMigrations: Migration[] = [
  {
    id: 200,
    name: 'projections: generations and checkpoints',
    sql: `
      CREATE TABLE projection_generations (
        name text NOT NULL,
        generation integer NOT NULL,
        version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('building', 'live', 'retired')),
        position bigint NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        error text,
        error_position bigint,
        error_event_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        switched_at timestamptz,
        PRIMARY KEY (name, generation)
      );
      CREATE UNIQUE INDEX projection_one_live ON projection_generations (name) WHERE status = 'live';
      CREATE UNIQUE INDEX projection_one_building ON projection_generations (name) WHERE status = 'building';
    `,
  },
  {
    id: 201,
    name: 'projections: query indexes created when a generation has caught up',
    sql: `ALTER TABLE projection_generations ADD COLUMN deferred_indexes text[] NOT NULL DEFAULT '{}';`,
  },
];
