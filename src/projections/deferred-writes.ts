import pg from 'pg';

/** What a deferred write answers at once: it has no rows, and its count is not known yet. */
function heldResult(command: string): pg.QueryResult {
  return { command, rowCount: null, oid: 0, fields: [], rows: [] };
}

interface QueryParts {
  text: string;
  values: readonly unknown[];
  types?: pg.CustomTypesConfig;
}

/**
 * A batch's writes held back and sent with the statement after them, in one round trip.
 *
 * A projection writes each table once per batch, but every statement is a round trip, and on a busy
 * server each one waits its turn behind request work: a live batch of one event cost about ten of
 * them, most of the time a reader waited for its own write (the lag bench). Here an INSERT, UPDATE or
 * DELETE without RETURNING resolves at once (nobody reads its count) and is kept, parameters inlined
 * as literals; the next statement that answers something (a SELECT) carries the kept writes in front
 * of it, and whatever is left goes with the checkpoint and COMMIT (`takeSql`). Statements still run
 * in the order they were issued, in the batch's transaction, so the tables come out the same; a write
 * that fails makes the statement that carried it fail, and the batch with it.
 */
export class DeferredWrites {
  private readonly pending: string[] = [];
  /** The client to hand to `apply`: its `query` holds writes back as above. */
  readonly client: pg.PoolClient;

  constructor(private readonly target: pg.PoolClient) {
    this.client = new Proxy(target, {
      get: (object, property, receiver) => (property === 'query' ? this.query : Reflect.get(object, property, receiver)),
    });
  }

  /** The writes still held, as one SQL text ending in ';' (empty when none), and forgets them. */
  takeSql(): string {
    if (this.pending.length === 0) return '';
    const sql = this.pending.join(';\n') + ';\n';
    this.pending.length = 0;
    return sql;
  }

  private readonly query = (first: string | pg.QueryConfig, second?: unknown, third?: unknown): Promise<pg.QueryResult> => {
    if (typeof second === 'function' || typeof third === 'function') throw new Error('DeferredWrites: callback queries are not supported');
    const parts = queryParts(first, second);
    const command = deferrableCommand(parts.text);
    const inlined = inlineParameters(this.target, parts.text, parts.values);
    if (command !== null && inlined !== null) {
      this.pending.push(inlined);
      return Promise.resolve(heldResult(command));
    }
    if (this.pending.length === 0) return this.target.query(first as pg.QueryConfig, second as unknown[]);
    if (inlined === null) {
      // Not expressible as a literal statement (a dollar-quoted body): the kept writes go first.
      const held = this.takeSql();
      return this.target.query(held).then(() => this.target.query(first as pg.QueryConfig, second as unknown[]));
    }
    const text = this.takeSql() + inlined;
    return this.target.query({ text, ...(parts.types ? { types: parts.types } : {}) }).then((results) => {
      const all = results as unknown as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(all) ? all[all.length - 1]! : all;
    });
  };
}

function queryParts(first: string | pg.QueryConfig, second: unknown): QueryParts {
  if (typeof first === 'string') return { text: first, values: (second as unknown[] | undefined) ?? [] };
  return { text: first.text, values: first.values ?? (second as unknown[] | undefined) ?? [], ...(first.types ? { types: first.types } : {}) };
}

/** INSERT / UPDATE / DELETE that returns nothing: its answer is never read, so it may wait. */
function deferrableCommand(text: string): string | null {
  const match = /^\s*(INSERT|UPDATE|DELETE)\b/i.exec(text);
  if (!match || /\bRETURNING\b/i.test(text)) return null;
  return match[1]!.toUpperCase();
}

/**
 * The statement with $1, $2 … replaced by literals of the values as node-postgres would send them
 * (its own prepareValue, then escapeLiteral), so the server reads the same text. Quoted strings,
 * quoted names and comments are passed over; null when the text has a dollar-quoted string or more
 * than one statement, which are sent as they are.
 */
export function inlineParameters(client: Pick<pg.ClientBase, 'escapeLiteral'>, text: string, values: readonly unknown[]): string | null {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === c) {
          if (text[j + 1] === c) j++;
          else break;
        }
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === ';') {
      if (text.slice(i + 1).trim() !== '') return null;
      i = text.length;
    } else if (c === '$') {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (!digits) return null;
      const index = Number(digits[1]) - 1;
      if (index < 0 || index >= values.length) throw new Error(`query has $${index + 1} but ${values.length} values`);
      out += literal(client, values[index]);
      i += digits[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function literal(client: Pick<pg.ClientBase, 'escapeLiteral'>, value: unknown): string {
  const prepared = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'`;
  return client.escapeLiteral(String(prepared));
}
