/**
 * A generation's DDL split into what must exist while it is built and what only serves queries.
 * Plain (non-unique) `CREATE INDEX` statements serve the API's queries; maintaining them row by row
 * while a generation is built from the log costs more than building each once, sorted, when the
 * generation is complete. A projection marks an index its own batches search by with the comment
 * BUILD_INDEX (e.g. the history tables' key index, which closes the open versions): it is created
 * with the table.
 */
export const BUILD_INDEX = '/* used while building */';

export interface SplitDdl {
  /** Tables, keys and the indexes the projection's batches need: run when the generation is created. */
  now: string[];
  /** Indexes for queries only: run once the generation has caught up, before it goes live. */
  deferred: string[];
}

export function splitDdl(ddl: string): SplitDdl {
  const now: string[] = [];
  const deferred: string[] = [];
  // The DDL of read-model tables holds no string literals with semicolons, so statements split on ';'.
  for (const statement of ddl.split(';').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const queryIndex = /^CREATE\s+INDEX\b/i.test(statement) && !statement.includes(BUILD_INDEX);
    (queryIndex ? deferred : now).push(statement);
  }
  return { now, deferred };
}
