import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { benchBaseUrl } from '../../src/bench/bench-database.js';
import { copyOfLog, generatedLog } from '../../src/bench/generated-log.js';
import { realPostgresAvailable } from '../support/test-database.js';

// The benches run on a real PostgreSQL server (BENCH_DATABASE_URL or TEST_DATABASE_URL) only.
const describeOnServer = realPostgresAvailable() ? describe : describe.skip;

/** The cached log every bench reads stays as generated: a bench that writes gets a copy of its own. */
describeOnServer('the generated log of the benches', () => {
  const seed = `t${randomBytes(4).toString('hex')}`;
  const schema = `bench_log_kristiansund_1y_s${seed}_v`;
  const quiet = () => undefined;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: benchBaseUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    const { rows } = await admin.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${schema}%`]);
    for (const { nspname } of rows) await admin.query(`DROP SCHEMA ${nspname} CASCADE`);
    await admin.end();
  });

  const count = async (name: string) => (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}.events`)).rows[0]!.n;

  it('is generated once, reused as it is, and generated again once something wrote to it', async () => {
    const first = await generatedLog('kristiansund', 1, seed, quiet);
    expect(first.generation).not.toBeNull();
    expect(first.events).toBeGreaterThan(1000);

    const again = await generatedLog('kristiansund', 1, seed, quiet);
    expect(again.generation).toBeNull();
    expect(again).toMatchObject({ schema: first.schema, events: first.events });

    // What the lag bench did before it had a copy: appended to the cached log.
    await admin.query(
      `INSERT INTO ${first.schema}.events (position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at)
       SELECT position + 1, gen_random_uuid(), 'dwelling-written-by-a-bench', 0, type, schema_version, data, metadata, recorded_at
       FROM ${first.schema}.events ORDER BY position DESC LIMIT 1`,
    );
    const lines: string[] = [];
    const regenerated = await generatedLog('kristiansund', 1, seed, (line) => lines.push(line));
    expect(lines[0]).toBe(`the log in schema ${first.schema} has ${first.events + 1} events but was generated with ${first.events}: generating it again`);
    expect(regenerated.generation).not.toBeNull();
    expect(regenerated.events).toBe(first.events);
    expect(await count(first.schema)).toBe(first.events);
  }, 120_000);

  it('gives a bench that writes a copy of its own, dropped afterwards', async () => {
    const generated = await generatedLog('kristiansund', 1, seed, quiet);
    const copy = await copyOfLog(generated, 2, quiet);
    expect(await count(copy.schema)).toBe(generated.events);
    const same = (name: string) => admin.query<{ position: string; event_id: string }>(`SELECT position::text, event_id::text FROM ${name}.events ORDER BY position`);
    expect((await same(copy.schema)).rows).toEqual((await same(generated.schema)).rows);

    await copy.pool.query(`DELETE FROM events WHERE position = (SELECT max(position) FROM events)`);
    expect(await count(generated.schema)).toBe(generated.events);

    await copy.drop();
    expect((await admin.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [copy.schema])).rows).toHaveLength(0);
  }, 120_000);
});
