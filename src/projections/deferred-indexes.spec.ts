import { BUILD_INDEX, KEY_ONCE_CAUGHT_UP, splitDdl, statements } from './deferred-indexes.js';

describe('a generation DDL split into build-time and query-only statements', () => {
  it('keeps dollar-quoted function bodies and quoted literals whole', () => {
    const ddl = `CREATE TABLE t (a text DEFAULT 'x;y');
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN DELETE FROM t; RETURN NULL; END $fn$;
      CREATE INDEX ON t (a)`;
    expect(statements(ddl)).toEqual([
      "CREATE TABLE t (a text DEFAULT 'x;y')",
      'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN DELETE FROM t; RETURN NULL; END $fn$',
      'CREATE INDEX ON t (a)',
    ]);
  });

  it('defers plain indexes, not unique ones nor those marked as used while building', () => {
    const split = splitDdl(`CREATE TABLE t (a int PRIMARY KEY, b int, c int); CREATE INDEX ON t (b); CREATE UNIQUE INDEX ON t (c); CREATE INDEX ${BUILD_INDEX} ON t (c, b);`);
    expect(split.deferred).toEqual(['CREATE INDEX ON t (b)']);
    expect(split.now).toHaveLength(3);
  });

  it('defers a key marked as built once caught up, and no other key', () => {
    const split = splitDdl(`CREATE TABLE t (a int PRIMARY KEY, b int); CREATE TABLE u (c int); ALTER TABLE u ADD ${KEY_ONCE_CAUGHT_UP} PRIMARY KEY (c);`);
    expect(split.deferred).toEqual([`ALTER TABLE u ADD ${KEY_ONCE_CAUGHT_UP} PRIMARY KEY (c)`]);
    expect(split.now).toEqual(['CREATE TABLE t (a int PRIMARY KEY, b int)', 'CREATE TABLE u (c int)']);
  });
});
