import type pg from 'pg';

/** A read-model table's columns in table order, with their SQL types (e.g. `uuid`, `numeric`, `timestamp with time zone`). */
export interface TableColumns {
  names: string[];
  types: string[];
  typeOf: Map<string, string>;
}

// Generation tables are never recreated with another shape under the same name (a new shape is a
// new generation, hence a new name), so a table's columns can be remembered for the process' life.
const known = new Map<string, TableColumns>();

/** The columns of `table` (as resolved by the session's search_path), read once per process. */
export async function tableColumns(client: pg.ClientBase, table: string): Promise<TableColumns> {
  const key = `${await searchPathKey(client)}:${table}`;
  const cached = known.get(key);
  if (cached) return cached;
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} has no columns (does it exist?)`);
  const columns = { names: rows.map((r) => r.name), types: rows.map((r) => r.type), typeOf: new Map(rows.map((r) => [r.name, r.type])) };
  known.set(key, columns);
  return columns;
}

// Tests and benches run the same table names in many schemas of one server.
const schemaOf = new WeakMap<pg.ClientBase, string>();
async function searchPathKey(client: pg.ClientBase): Promise<string> {
  const cached = schemaOf.get(client);
  if (cached !== undefined) return cached;
  const { rows } = await client.query<{ s: string }>('SELECT current_schema() AS s');
  schemaOf.set(client, rows[0]!.s);
  return rows[0]!.s;
}

/**
 * Read-model rows as the batch helpers keep them in memory: every value as PostgreSQL writes it
 * (text), except booleans, small integers and JSON, so writing a row back reproduces it exactly
 * (no time-zone or precision change through JS Dates or floats).
 */
export const TEXT_EXCEPT_SIMPLE_TYPES = {
  getTypeParser(oid: number): (value: string) => unknown {
    switch (oid) {
      case 16: // bool
        return (v) => v === 't';
      case 21: // int2
      case 23: // int4
        return (v) => Number(v);
      case 114: // json
      case 3802: // jsonb
        return (v) => JSON.parse(v);
      default:
        return (v) => v;
    }
  },
};
