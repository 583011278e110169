import { createHash } from 'node:crypto';
import type pg from 'pg';
import { KEY_ONCE_CAUGHT_UP } from './deferred-indexes.js';

const QUERY_INDEX = /^CREATE\s+INDEX\s+ON\s+(\w+)\s+([\s\S]+)$/i;
const KEY = /^ALTER\s+TABLE\s+(\w+)\s+ADD\s+(PRIMARY\s+KEY|UNIQUE)\s*(\([\s\S]+\))$/i;

/**
 * The statements that build one deferred index or key (deferred-indexes.ts) without a transaction id:
 * a plain CREATE INDEX takes one for its whole build, and the log's readers see nothing committed
 * after the oldest running transaction id, so every projection, process manager and read-your-writes
 * wait on the server would stand still for as long as the index took (seconds on the national log).
 * CREATE INDEX CONCURRENTLY builds without one. Each index is named after its statement, so a build
 * cut short and run again finds the indexes already made (IF NOT EXISTS) instead of making twins.
 * A key is its unique index built that way, then attached in a short ALTER TABLE (skipped when done).
 */
export function concurrentStatements(statement: string): string[] {
  const plain = statement.replace(KEY_ONCE_CAUGHT_UP, '').replace(/\s+/g, ' ').trim();
  const index = QUERY_INDEX.exec(plain);
  if (index) {
    const [, table, rest] = index;
    return [`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${indexName(table!, plain)} ON ${table} ${rest}`];
  }
  const key = KEY.exec(plain);
  if (key) {
    const [, table, kind, columns] = key;
    const name = indexName(table!, plain);
    const constraint = kind!.toUpperCase().startsWith('PRIMARY') ? 'PRIMARY KEY' : 'UNIQUE';
    return [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${table} ${columns}`,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '${table}'::regclass AND conname = '${name}') THEN
           ALTER TABLE ${table} ADD CONSTRAINT ${name} ${constraint} USING INDEX ${name};
         END IF;
       END $$`,
    ];
  }
  throw new Error(`a deferred statement must be CREATE INDEX ON <table> (…) or ALTER TABLE <table> ADD PRIMARY KEY|UNIQUE (…): ${statement}`);
}

/** A name of at most 63 characters, the same for the same statement. */
function indexName(table: string, statement: string): string {
  return `${table.slice(0, 40)}_d${createHash('sha256').update(statement).digest('hex').slice(0, 12)}`;
}

/**
 * Builds a caught-up generation's deferred indexes and keys, each on its own (concurrentStatements),
 * then its planner statistics, table by table. An index left invalid by a build cut short (a crash,
 * or a key its rows break) is dropped first, to be built again: IF NOT EXISTS would keep it.
 */
export async function buildDeferredIndexes(pool: pg.Pool, tables: readonly string[], statements: readonly string[]): Promise<void> {
  const { rows: invalid } = await pool.query<{ name: string }>(
    `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = ANY($1::regclass[]) AND NOT indisvalid`,
    [tables],
  );
  for (const { name } of invalid) await pool.query(`DROP INDEX IF EXISTS ${name}`);
  for (const statement of statements) for (const sql of concurrentStatements(statement)) await pool.query(sql);
  // Fresh tables have no planner statistics until autovacuum gets to them (if it runs at all): the
  // first queries would be planned blind (a filtered page measured at 15.5 ms, 0.5 ms after).
  // Each ANALYZE is its own short transaction.
  for (const table of tables) await pool.query(`ANALYZE ${table}`);
}
