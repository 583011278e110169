import type pg from 'pg';
import { DeferredWrites, inlineParameters } from '../../src/projections/deferred-writes.js';
import { TEXT_EXCEPT_SIMPLE_TYPES } from '../../src/projections/batch/table-columns.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const escaper = { escapeLiteral: (s: string) => `'${s.replace(/'/g, "''")}'` };

describe('inlineParameters', () => {
  it('replaces placeholders outside quoted strings, quoted names and comments', () => {
    expect(inlineParameters(escaper, `SELECT $1, '$2', "a$2" -- $2\n, $2::int`, ['x', 7])).toBe(`SELECT 'x', '$2', "a$2" -- $2\n, '7'::int`);
  });
  it('writes null as NULL and arrays as array literals', () => {
    expect(inlineParameters(escaper, 'SELECT $1::text[], $2', [['a', null, 'b"c'], null])).toBe(`SELECT '{"a",NULL,"b\\"c"}'::text[], NULL`);
  });
  it('leaves dollar-quoted texts and several statements to be sent as they are', () => {
    expect(inlineParameters(escaper, 'DO $$ BEGIN END $$', [])).toBeNull();
    expect(inlineParameters(escaper, 'SELECT 1; SELECT 2', [])).toBeNull();
    expect(inlineParameters(escaper, 'SELECT 1;  ', [])).toBe('SELECT 1');
  });
  it('refuses a placeholder without a value', () => {
    expect(() => inlineParameters(escaper, 'SELECT $2', ['a'])).toThrow('$2');
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`deferred writes on ${kind}`, () => {
    let db: TestDatabase;
    let client: pg.PoolClient;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
      client = await db.pool.connect();
      await client.query(`CREATE TABLE t (id uuid PRIMARY KEY, label text, n bigint, at timestamptz, day date, data jsonb, tags text[], flag boolean)`);
    });
    afterAll(async () => {
      client.release();
      await db.drop();
    });
    beforeEach(() => client.query('TRUNCATE t'));

    const values: unknown[][] = [
      ['0190c3a4-0000-7000-8000-000000000001', `it's a "quote" \\ back\\slash, ø æ å, 🏠`, '9007199254740993', new Date('2025-03-01T12:34:56.789Z'), '2025-12-31', { rooms: 3, note: "o'neil" }, ['a', 'b,c', 'd"e', null], true],
      ['0190c3a4-0000-7000-8000-000000000002', null, null, null, null, null, null, null],
    ];
    const insert = `INSERT INTO t (id, label, n, at, day, data, tags, flag) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    const readBack = () => client.query({ text: 'SELECT * FROM t ORDER BY id', types: TEXT_EXCEPT_SIMPLE_TYPES });

    it('stores the same values as the parameterized statements would', async () => {
      for (const row of values) await client.query(insert, row);
      const direct = (await readBack()).rows;
      await client.query('TRUNCATE t');
      const writes = new DeferredWrites(client);
      for (const row of values) await writes.client.query(insert, row);
      await client.query(writes.takeSql());
      expect((await readBack()).rows).toEqual(direct);
    });

    it('sends held writes with the next query that answers, in one round trip and in order', async () => {
      const sent: string[] = [];
      const spy = new Proxy(client, {
        get: (o, p, r) => (p === 'query' ? (...args: unknown[]) => (sent.push(String((args[0] as { text?: string }).text ?? args[0])), (o.query as (...a: unknown[]) => unknown)(...args)) : Reflect.get(o, p, r)),
      });
      const writes = new DeferredWrites(spy);
      await writes.client.query(insert, values[0]);
      await writes.client.query('UPDATE t SET label = $1 WHERE id = $2', ['changed', values[0]![0]]);
      expect(sent).toHaveLength(0);
      const { rows } = await writes.client.query({ text: 'SELECT label, n FROM t WHERE id = $1', values: [values[0]![0]], types: TEXT_EXCEPT_SIMPLE_TYPES });
      expect(rows).toEqual([{ label: 'changed', n: '9007199254740993' }]);
      expect(sent).toHaveLength(1);
      expect(writes.takeSql()).toBe('');
    });

    it('answers a write that returns rows at once', async () => {
      const writes = new DeferredWrites(client);
      const { rows } = await writes.client.query('INSERT INTO t (id) VALUES ($1) RETURNING id', [values[1]![0]]);
      expect(rows).toEqual([{ id: values[1]![0] }]);
    });

    it('fails the statement that carries a failing write, and the transaction with it', async () => {
      await client.query('BEGIN');
      const writes = new DeferredWrites(client);
      await writes.client.query(insert, values[0]);
      await writes.client.query(insert, values[0]);
      await expect(writes.client.query('SELECT count(*) FROM t')).rejects.toThrow(/duplicate key/);
      await client.query('ROLLBACK');
      expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(0);
    });
  });
}
