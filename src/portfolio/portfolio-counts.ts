/**
 * The portfolio summary's counts, kept by the database itself as the dwellings table changes: one
 * row per municipality, dimension and value (how many dwellings of each type, ownership and status,
 * in all, wheelchair accessible, and how many buildings), and one row per building with how many of
 * its dwellings are in the portfolio. A summary is then a read of a few dozen rows instead of
 * aggregates over every dwelling.
 *
 * Statement-level AFTER triggers on the dwellings table read the statement's transition tables (the
 * rows before and after), so the counts change in the same transaction as the dwellings, whichever
 * way the projection writes them (row by row or set-based). A row whose count reaches zero is
 * deleted, so the tables are a function of the dwellings table alone and a rebuild compares
 * identical however its batches fell.
 *
 * Only dwellings in the portfolio are counted (not sold, no ended lease-in), as in the summary.
 */

/** The dimensions of `portfolio_counts`; `value` is '' for the ones that are a single number. */
export const PORTFOLIO_COUNT_DIMENSIONS = {
  all: 'all',
  wheelchairAccessible: 'wheelchair-accessible',
  buildings: 'buildings',
  dwellingType: 'dwelling-type',
  ownership: 'ownership',
  status: 'status',
} as const;

export const LEFT_PORTFOLIO_STATUSES = ['sold', 'lease-in-ended'] as const;

/** DDL of the per-building counts (the `portfolio_buildings` table). */
export function portfolioBuildingsDdl(table: string): string {
  return `
    CREATE TABLE ${table} (
      kommunenummer text NOT NULL,
      building_key text NOT NULL,
      dwellings integer NOT NULL,
      PRIMARY KEY (kommunenummer, building_key)
    );
    CREATE INDEX ON ${table} (kommunenummer) WHERE dwellings = 0;`;
}

/**
 * DDL of `portfolio_counts` and of the triggers on `dwellings` that keep it and `buildings` (which
 * must be created before it) up to date. The trigger functions are named after the counts table, so
 * every generation (and a shadow build) has its own.
 */
export function portfolioCountsDdl(table: string, dwellings: string, buildings: string): string {
  const left = LEFT_PORTFOLIO_STATUSES.map((s) => `'${s}'`).join(', ');
  const d = PORTFOLIO_COUNT_DIMENSIONS;
  const follow = (operation: 'insert' | 'update' | 'delete', source: string) => `
    CREATE OR REPLACE FUNCTION ${table}_after_${operation}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      WITH delta AS (
        SELECT kommunenummer, building_key, dwelling_type, ownership, status, wheelchair_accessible, sum(n)::int AS n
        FROM (${source}) AS changed
        WHERE status NOT IN (${left})
        GROUP BY kommunenummer, building_key, dwelling_type, ownership, status, wheelchair_accessible
        HAVING sum(n) <> 0
      ), per_building AS (
        SELECT kommunenummer, building_key, sum(n)::int AS n FROM delta GROUP BY kommunenummer, building_key HAVING sum(n) <> 0
      ), building_counts AS (
        INSERT INTO ${buildings} AS b (kommunenummer, building_key, dwellings)
        SELECT kommunenummer, building_key, n FROM per_building
        ON CONFLICT (kommunenummer, building_key) DO UPDATE SET dwellings = b.dwellings + excluded.dwellings
        RETURNING b.kommunenummer, b.building_key, b.dwellings
      ), buildings_in_portfolio AS (
        -- A building enters the count with its first dwelling in the portfolio and leaves it with its last.
        SELECT c.kommunenummer, sum((c.dwellings > 0)::int - (c.dwellings - p.n > 0)::int)::int AS n
        FROM building_counts c JOIN per_building p USING (kommunenummer, building_key)
        GROUP BY c.kommunenummer
      ), changes AS (
        SELECT kommunenummer, '${d.all}' AS dimension, '' AS value, sum(n)::int AS n FROM delta GROUP BY kommunenummer
        UNION ALL SELECT kommunenummer, '${d.wheelchairAccessible}', '', sum(n)::int FROM delta WHERE wheelchair_accessible GROUP BY kommunenummer
        UNION ALL SELECT kommunenummer, '${d.dwellingType}', dwelling_type, sum(n)::int FROM delta GROUP BY kommunenummer, dwelling_type
        UNION ALL SELECT kommunenummer, '${d.ownership}', ownership, sum(n)::int FROM delta GROUP BY kommunenummer, ownership
        UNION ALL SELECT kommunenummer, '${d.status}', status, sum(n)::int FROM delta GROUP BY kommunenummer, status
        UNION ALL SELECT kommunenummer, '${d.buildings}', '', n FROM buildings_in_portfolio
      )
      INSERT INTO ${table} AS c (kommunenummer, dimension, value, dwellings)
      SELECT kommunenummer, dimension, value, sum(n)::int FROM changes GROUP BY kommunenummer, dimension, value HAVING sum(n) <> 0
      ON CONFLICT (kommunenummer, dimension, value) DO UPDATE SET dwellings = c.dwellings + excluded.dwellings;
      DELETE FROM ${buildings} WHERE dwellings = 0;
      DELETE FROM ${table} WHERE dwellings = 0;
      RETURN NULL;
    END
    $fn$;`;
  const columns = 'kommunenummer, building_key, dwelling_type, ownership, status, wheelchair_accessible';
  return `
    CREATE TABLE ${table} (
      kommunenummer text NOT NULL,
      dimension text NOT NULL,
      value text NOT NULL,
      dwellings integer NOT NULL,
      PRIMARY KEY (kommunenummer, dimension, value)
    );
    ${follow('insert', `SELECT ${columns}, 1 AS n FROM inserted`)}
    ${follow('update', `SELECT ${columns}, 1 AS n FROM after_update UNION ALL SELECT ${columns}, -1 AS n FROM before_update`)}
    ${follow('delete', `SELECT ${columns}, -1 AS n FROM deleted`)}
    CREATE TRIGGER ${table}_after_insert AFTER INSERT ON ${dwellings}
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ${table}_after_insert();
    CREATE TRIGGER ${table}_after_update AFTER UPDATE ON ${dwellings}
      REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update FOR EACH STATEMENT EXECUTE FUNCTION ${table}_after_update();
    CREATE TRIGGER ${table}_after_delete AFTER DELETE ON ${dwellings}
      REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION ${table}_after_delete();
    CREATE OR REPLACE FUNCTION ${table}_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM ${buildings};
      DELETE FROM ${table};
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER ${table}_after_truncate AFTER TRUNCATE ON ${dwellings}
      FOR EACH STATEMENT EXECUTE FUNCTION ${table}_after_truncate();`;
}
