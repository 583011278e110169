import fc from 'fast-check';
import pg from 'pg';
import { arrayLiteral } from '../../src/projections/batch/array-literal.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

// node-postgres' own conversion of a JS array parameter: the text arrayLiteral must reproduce.
const { prepareValue } = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils;

const scalar = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('"', '\\', '\\"', 'NULL', '', ' ', '{}', ',', 'a,b'), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));

describe('array literal of a projection batch column', () => {
  it('is the text node-postgres sends for the same array', () =>
    fc.assert(fc.property(fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))), (values) => expect(arrayLiteral(values)).toBe(prepareValue(values)))));

  it('writes undefined as NULL, as node-postgres does', () => expect(arrayLiteral(['a', undefined, null])).toBe('{"a",NULL,NULL}'));

  it('refuses an object it would have to guess a text for', () => expect(() => arrayLiteral([new Date(0)])).toThrow('arrayLiteral takes strings'));
});

for (const kind of testDatabaseKinds()) {
  describe(`array literal read back on ${kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 1);
    });
    afterAll(() => db.drop());

    it('gives the database the same texts, nulls, quotes and backslashes', async () => {
      const values = ['plain', 'with "quotes"', 'back\\slash', 'NULL', '', ' spaced ', 'a,b', '{braces}', 'ærø', null];
      const { rows } = await db.pool.query<{ v: string | null }>('SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY u.n', [arrayLiteral(values)]);
      expect(rows.map((r) => r.v)).toEqual(values);
    });
  });
}
