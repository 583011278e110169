import type pg from 'pg';
import { inlineParameters } from '../deferred-writes.js';
import { arrayLiteral } from './array-literal.js';
import { tableColumns, TEXT_EXCEPT_SIMPLE_TYPES, type TableColumns } from './table-columns.js';

/** Keys at most for which loadTogether sends its SELECTs as one text. */
const LOAD_TOGETHER_MAX_KEYS = 200;

/** A read-model row in memory: column name → value (see TEXT_EXCEPT_SIMPLE_TYPES for the value forms). */
export type Row = Record<string, unknown>;

/**
 * The rows of one read-model table that a projection batch works on: loaded in one query for all
 * the keys the batch names, changed in memory event by event, and written back in one statement at
 * the end of the batch. A batch of any size thus costs the same few round trips, and the result is
 * the one the events applied one by one would give (only the final state of each row is written).
 *
 * Rows are grouped by `groupBy` (a column, e.g. a dwelling's id): loading a group loads all its rows,
 * so a projection can look at "every condition row of this dwelling". Within a group, rows are told
 * apart by the primary key `key`.
 */
export class BatchRows {
  private columns: TableColumns | undefined;
  private readonly groups = new Map<string, Map<string, Row>>();
  private readonly changed = new Map<string, Row>();
  private readonly deleted = new Map<string, Row>();

  constructor(
    readonly table: string,
    private readonly key: readonly string[],
    private readonly groupBy: string = key[0]!,
  ) {}

  /** Loads every row of the given groups not loaded yet (one query); groups without rows become empty groups. */
  async load(client: pg.ClientBase, groups: Iterable<string>): Promise<void> {
    await BatchRows.loadTogether(client, [[this, groups]]);
  }

  /**
   * Loads groups of several tables in one round trip: their SELECTs go as one text, values inlined
   * as node-postgres would send them (up to LOAD_TOGETHER_MAX_KEYS keys; beyond, one query a table). Each statement is a round trip, and on a busy server each one
   * waits its turn; a live batch's reads come before its writes, which a reader waits for.
   */
  static async loadTogether(client: pg.ClientBase, loads: ReadonlyArray<readonly [BatchRows, Iterable<string>]>): Promise<void> {
    const queries: Array<{ rows: BatchRows; wanted: string[]; text: string; values: unknown[] }> = [];
    for (const [rows, groups] of loads) {
      const query = await rows.loadQuery(client, groups);
      if (query) queries.push({ rows, ...query });
    }
    // Large loads (a generation being built reads thousands of keys a batch) keep their parameters:
    // one round trip saved is nothing beside them, and literals cost more to build and parse.
    const small = queries.reduce((n, q) => n + q.wanted.length, 0) <= LOAD_TOGETHER_MAX_KEYS;
    const inlined = queries.length > 1 && small ? queries.map((q) => inlineParameters(client, q.text, q.values)) : [];
    if (inlined.length === 0 || inlined.some((text) => text === null)) {
      for (const q of queries) q.rows.take(q.wanted, (await client.query<Row>({ text: q.text, values: q.values, types: TEXT_EXCEPT_SIMPLE_TYPES })).rows);
      return;
    }
    const results = (await client.query<Row>({ text: inlined.join(';\n'), types: TEXT_EXCEPT_SIMPLE_TYPES })) as unknown as Array<pg.QueryResult<Row>>;
    queries.forEach((q, i) => q.rows.take(q.wanted, results[i]!.rows));
  }

  /** The SELECT of the given groups not loaded yet, or null when all are. */
  private async loadQuery(client: pg.ClientBase, groups: Iterable<string>): Promise<{ wanted: string[]; text: string; values: unknown[] } | null> {
    const wanted = [...new Set(groups)].filter((g) => !this.groups.has(g));
    if (wanted.length === 0) return null;
    const columns = await this.columnsOf(client);
    const type = columns.typeOf.get(this.groupBy);
    if (!type) throw new Error(`${this.table} has no column ${this.groupBy}`);
    return { wanted, text: `SELECT * FROM ${this.table} WHERE ${this.groupBy} = ANY($1::${arrayElementType(type)}[])`, values: [wanted] };
  }

  /** The loaded rows of the groups asked for; groups without rows become empty groups. */
  private take(wanted: readonly string[], rows: readonly Row[]): void {
    for (const g of wanted) this.groups.set(g, new Map());
    for (const row of rows) this.groups.get(String(row[this.groupBy]))!.set(this.keyOf(row), row);
  }

  /** The rows of a loaded group (empty if it has none). */
  group(group: string): Row[] {
    return [...this.groupRows(group).values()];
  }

  /** The row with this key in a loaded group, if any. */
  get(group: string, ...key: unknown[]): Row | undefined {
    return this.groupRows(group).get(keyString(key));
  }

  /** The single row of a group keyed by the group column alone (e.g. a dwelling by its id). */
  one(group: string): Row | undefined {
    return this.get(group, group);
  }

  /** Inserts or replaces a row (all columns); written at flush. */
  put(row: Row): Row {
    const group = String(row[this.groupBy]);
    const key = this.keyOf(row);
    this.groupRows(group).set(key, row);
    this.deleted.delete(`${group}\u0000${key}`);
    this.changed.set(`${group}\u0000${key}`, row);
    return row;
  }

  /**
   * Inserts a new row, failing as a plain INSERT would when a row with its key is already there
   * (loaded, or put earlier in the batch): `put` would silently replace it. The group must be loaded.
   */
  insert(row: Row): Row {
    if (this.groupRows(String(row[this.groupBy])).has(this.keyOf(row))) {
      throw new Error(`duplicate key value violates unique constraint on ${this.table} (${this.key.join(', ')}) = (${this.key.map((c) => String(row[c])).join(', ')})`);
    }
    return this.put(row);
  }

  /** Changes some columns of an existing row; returns it (undefined when there is no such row, as an UPDATE would). */
  update(group: string, key: unknown[], changes: Row): Row | undefined {
    const row = this.get(group, ...key);
    if (!row) return undefined;
    Object.assign(row, changes);
    this.changed.set(`${group}\u0000${keyString(key)}`, row);
    return row;
  }

  /** Removes a row; deleted at flush. */
  delete(group: string, ...key: unknown[]): void {
    const k = keyString(key);
    const row = this.groupRows(group).get(k);
    if (!row) return;
    this.groupRows(group).delete(k);
    this.changed.delete(`${group}\u0000${k}`);
    this.deleted.set(`${group}\u0000${k}`, row);
  }

  /** Writes the batch's changes: one DELETE and one upsert at most. Rows stay loaded (the batch may go on). */
  async flush(client: pg.ClientBase): Promise<void> {
    const columns = await this.columnsOf(client);
    if (this.deleted.size > 0) {
      const keyColumns = this.key.map((c) => ({ c, type: arrayElementType(columns.typeOf.get(c)!) }));
      const rows = [...this.deleted.values()];
      await client.query(
        `DELETE FROM ${this.table} t USING unnest(${keyColumns.map((k, i) => `$${i + 1}::${k.type}[]`).join(', ')}) AS d(${keyColumns.map((k) => k.c).join(', ')})
         WHERE ${keyColumns.map((k) => `t.${k.c} = d.${k.c}`).join(' AND ')}`,
        keyColumns.map((k) => rows.map((r) => r[k.c] ?? null)),
      );
      this.deleted.clear();
    }
    if (this.changed.size > 0) {
      const rows = [...this.changed.values()];
      const updates = columns.names.filter((c) => !this.key.includes(c));
      await insertRows(client, this.table, columns, rows, {
        onConflict: `ON CONFLICT (${this.key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'NOTHING'}`,
      });
      this.changed.clear();
    }
  }

  private groupRows(group: string): Map<string, Row> {
    const rows = this.groups.get(group);
    if (!rows) throw new Error(`${this.table}: group ${group} was not loaded before use`);
    return rows;
  }

  private keyOf(row: Row): string {
    return keyString(this.key.map((c) => row[c]));
  }

  private async columnsOf(client: pg.ClientBase): Promise<TableColumns> {
    this.columns ??= await tableColumns(client, this.table);
    return this.columns;
  }
}

function keyString(values: readonly unknown[]): string {
  return values.length === 1 ? String(values[0]) : values.map((v) => String(v)).join('\u0000');
}

/**
 * Inserts rows (objects keyed by column name; a missing column is NULL) in one statement, as typed
 * arrays unnested in table column order. `onConflict` is appended as it is.
 */
export async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: TableColumns,
  rows: readonly Row[],
  options: { onConflict?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  // Each column goes as one array literal built here (arrayLiteral), not as a JS array for pg to escape.
  const values = columns.names.map((c, i) => {
    const type = columns.types[i]!;
    const json = type === 'jsonb' || type === 'json';
    const array = isArrayType(type);
    return arrayLiteral(
      rows.map((r) => {
        const v = r[c];
        if (v === undefined || v === null) return null;
        if (array) return typeof v === 'string' ? v : arrayLiteral(v as readonly unknown[]);
        return json ? JSON.stringify(v) : v;
      }),
    );
  });
  // An array column (e.g. text[]) travels as one array literal per row, cast back after unnest: an
  // array of arrays would be a two-dimensional parameter, which unnest flattens (and ragged rows refuse).
  const arrays = columns.types.some(isArrayType);
  const select = arrays
    ? `SELECT ${columns.names.map((c, i) => (isArrayType(columns.types[i]!) ? `u.${c}::${arrayElementType(columns.types[i]!)}` : `u.${c}`)).join(', ')}`
    : 'SELECT *';
  await client.query(
    `INSERT INTO ${table} (${columns.names.join(', ')})
     ${select} FROM unnest(${columns.types.map((t, i) => `$${i + 1}::${isArrayType(t) ? 'text' : arrayElementType(t)}[]`).join(', ')})${arrays ? ` AS u(${columns.names.join(', ')})` : ''} ${options.onConflict ?? ''}`,
    values,
  );
}

function isArrayType(type: string): boolean {
  return type.endsWith('[]');
}

/** Appends rows to a table in one statement at flush (ledgers, indexes, facts): rows never read back in the batch. */
export class AppendRows {
  private rows: Row[] = [];

  constructor(
    readonly table: string,
    private readonly onConflict?: string,
  ) {}

  add(row: Row): void {
    this.rows.push(row);
  }

  get pending(): readonly Row[] {
    return this.rows;
  }

  async flush(client: pg.ClientBase): Promise<void> {
    if (this.rows.length === 0) return;
    await insertRows(client, this.table, await tableColumns(client, this.table), this.rows, { onConflict: this.onConflict });
    this.rows = [];
  }
}

// unnest of a `numeric(12,2)[]` or `character varying(20)[]` parameter needs the bare element type.
function arrayElementType(type: string): string {
  return type.replace(/\(.*\)$/, '');
}
