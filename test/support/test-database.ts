import pg from 'pg';
import '../../src/database/pg-types.js';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  pool: pg.Pool;
  /** A connection string for this database (with the schema in its search_path on real PostgreSQL). */
  url: string;
  schema: string;
  /** Another pool on the same database and schema (for tests that need independent connections). */
  newPool(max?: number): pg.Pool;
  drop(): Promise<void>;
}

/** Which databases a suite runs on: embedded PGlite always, a real server when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): Array<'pglite' | 'postgres'> {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export function realPostgresAvailable(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

/**
 * A fresh, empty database for one test suite. On real PostgreSQL each suite gets its own schema
 * (dropped afterwards), so suites never see each other's rows and CI leaves nothing behind.
 */
export async function createTestDatabase(kind: 'pglite' | 'postgres', poolSize = 10): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const embedded = await startEmbeddedPostgres('memory');
    const pools: pg.Pool[] = [];
    const newPool = (max = poolSize) => {
      const p = new pg.Pool({ connectionString: embedded.url, max });
      pools.push(p);
      return p;
    };
    return {
      kind,
      pool: newPool(),
      url: embedded.url,
      schema: 'public',
      newPool,
      async drop() {
        await Promise.all(pools.map((p) => p.end()));
        await embedded.stop();
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = withSearchPath(base, schema);
  const pools: pg.Pool[] = [];
  const newPool = (max = poolSize) => {
    const p = new pg.Pool({ connectionString: url, max });
    pools.push(p);
    return p;
  };
  return {
    kind,
    pool: newPool(),
    url,
    schema,
    newPool,
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
