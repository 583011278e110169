/**
 * A generation's DDL split into what must exist while it is built and what only serves queries.
 * Plain (non-unique) `CREATE INDEX` statements serve the API's queries; maintaining them row by row
 * while a generation is built from the log costs more than building each once, sorted, when the
 * generation is complete. A projection marks an index its own batches search by with the comment
 * BUILD_INDEX (e.g. the history tables' key index, which closes the open versions): it is created
 * with the table.
 */
export const BUILD_INDEX = '/* used while building */';

/**
 * Marks an `ALTER TABLE … ADD PRIMARY KEY` (or UNIQUE) as built once the generation has caught up,
 * like a query index. Only for a table the projection's batches append to and never search, update
 * or resolve conflicts on (a history index): its rows are unique by construction, and a key over
 * random ids maintained row by row is the largest part of such a build's work. The key exists
 * before the generation goes live, so the live table refuses a duplicate as before; a build that
 * wrote one fails at the switch instead of going live.
 */
export const KEY_ONCE_CAUGHT_UP = '/* key built once caught up */';

export interface SplitDdl {
  /** Tables, keys and the indexes the projection's batches need: run when the generation is created. */
  now: string[];
  /** Indexes for queries only, and keys marked KEY_ONCE_CAUGHT_UP: run once the generation has caught up, before it goes live. */
  deferred: string[];
}

export function splitDdl(ddl: string): SplitDdl {
  const now: string[] = [];
  const deferred: string[] = [];
  for (const statement of statements(ddl)) {
    const queryIndex = /^CREATE\s+INDEX\b/i.test(statement) && !statement.includes(BUILD_INDEX);
    (queryIndex || statement.includes(KEY_ONCE_CAUGHT_UP) ? deferred : now).push(statement);
  }
  return { now, deferred };
}

/**
 * The statements of a DDL script, split on ';' outside dollar-quoted bodies (trigger functions) and
 * single-quoted literals.
 */
export function statements(ddl: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < ddl.length) {
    const c = ddl[i]!;
    if (c === "'") {
      const end = ddl.indexOf("'", i + 1);
      i = end < 0 ? ddl.length : end + 1;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(ddl.slice(i));
      if (tag) {
        const end = ddl.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? ddl.length : end + tag[0].length;
      } else i++;
    } else if (c === ';') {
      out.push(ddl.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(ddl.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
