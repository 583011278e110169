import { buildDeferredIndexes, concurrentStatements } from '../../src/projections/build-deferred-indexes.js';
import { KEY_ONCE_CAUGHT_UP } from '../../src/projections/deferred-indexes.js';
import { createTestDatabase, realPostgresAvailable, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const QUERY_INDEX = 'CREATE INDEX ON t_g1 (b, a)';
const KEY = `ALTER TABLE t_g1 ADD ${KEY_ONCE_CAUGHT_UP} PRIMARY KEY (a)`;

describe('deferred indexes built concurrently: the statements', () => {
  it('builds a query index CONCURRENTLY under a name of its statement', () => {
    const [sql] = concurrentStatements(QUERY_INDEX);
    expect(sql).toMatch(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS t_g1_d[0-9a-f]{12} ON t_g1 \(b, a\)$/);
    expect(concurrentStatements(QUERY_INDEX)).toEqual([sql]);
    expect(concurrentStatements('CREATE INDEX ON t_g1 (a)')[0]).not.toBe(sql);
  });

  it('builds a key as a unique index, then attaches it', () => {
    const [index, attach] = concurrentStatements(KEY);
    expect(index).toMatch(/^CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS (t_g1_d[0-9a-f]{12}) ON t_g1 \(a\)$/);
    const name = /IF NOT EXISTS (\S+)/.exec(index!)![1];
    expect(attach).toContain(`ALTER TABLE t_g1 ADD CONSTRAINT ${name} PRIMARY KEY USING INDEX ${name}`);
  });

  it('refuses a statement it does not know how to build concurrently', () => {
    expect(() => concurrentStatements('CREATE TABLE x (a int)')).toThrow('a deferred statement must be');
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`deferred indexes built concurrently (${kind === 'pglite' ? 'embedded PGlite' : 'real PostgreSQL'})`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await db.pool.query(`CREATE TABLE t_g1 (a int NOT NULL, b int NOT NULL); INSERT INTO t_g1 SELECT g, g % 7 FROM generate_series(1, 2000) g`);
    });
    afterEach(() => db.drop());

    const indexes = async () =>
      (await db.pool.query<{ def: string; valid: boolean }>(
        `SELECT pg_get_indexdef(indexrelid) AS def, indisvalid AS valid FROM pg_index WHERE indrelid = 't_g1'::regclass ORDER BY 1`,
      )).rows;

    it('builds every index and key once, also when run again after a build cut short', async () => {
      await buildDeferredIndexes(db.pool, ['t_g1'], [QUERY_INDEX, KEY]);
      const first = await indexes();
      expect(first).toHaveLength(2);
      expect(first.every((i) => i.valid)).toBe(true);
      await buildDeferredIndexes(db.pool, ['t_g1'], [QUERY_INDEX, KEY]);
      expect(await indexes()).toEqual(first);
      const { rows } = await db.pool.query<{ contype: string }>(`SELECT contype FROM pg_constraint WHERE conrelid = 't_g1'::regclass AND contype = 'p'`);
      expect(rows).toHaveLength(1);
      const { rows: stats } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 't_g1'`);
      expect(stats[0]!.n).toBe(2);
    });

    it('a key the rows break fails with the data error and leaves no index behind for the next try', async () => {
      await db.pool.query(`INSERT INTO t_g1 VALUES (1, 1)`);
      await expect(buildDeferredIndexes(db.pool, ['t_g1'], [KEY])).rejects.toMatchObject({ code: '23505' });
      await db.pool.query(`DELETE FROM t_g1 WHERE a = 1 AND b = 1`);
      await buildDeferredIndexes(db.pool, ['t_g1'], [KEY]);
      expect(await indexes()).toEqual([expect.objectContaining({ valid: true })]);
    });
  });
}

// Watching the build from another session needs two server sessions: real PostgreSQL only.
(realPostgresAvailable() ? describe : describe.skip)('deferred indexes on real PostgreSQL: the log readers are not held back', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('postgres', 4);
    await db.pool.query(`CREATE TABLE t_g1 (a int NOT NULL, b int NOT NULL); INSERT INTO t_g1 SELECT g, g % 7 FROM generate_series(1, 2000) g`);
  });
  afterEach(() => db.drop());

  it('the building session holds no transaction id, so the visibility bound of the log moves on', async () => {
    // A reader with an older snapshot makes the concurrent build wait for it: a moment to look at the builder.
    const reader = await db.pool.connect();
    try {
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query('SELECT count(*) FROM t_g1');
      const building = buildDeferredIndexes(db.pool, ['t_g1'], [QUERY_INDEX]);
      let builder: { backend_xid: string | null } | undefined;
      for (let i = 0; i < 100 && !builder; i++) {
        await new Promise((r) => setTimeout(r, 20));
        builder = (await db.pool.query<{ backend_xid: string | null }>(
          `SELECT backend_xid::text FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND state = 'active'`,
        )).rows[0];
      }
      expect(builder).toBeDefined();
      // A plain CREATE INDEX holds a transaction id from its first catalog write to its commit.
      expect(builder!.backend_xid).toBeNull();
      await reader.query('COMMIT');
      await building;
    } finally {
      reader.release();
    }
    expect((await db.pool.query(`SELECT 1 FROM pg_index WHERE indrelid = 't_g1'::regclass AND indisvalid`)).rowCount).toBe(1);
  });
});
