import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../../src/package-root.js';
import { tableChecksum } from '../../src/projections/read-model-checksum.js';
import { createTestDatabase, realPostgresAvailable, type TestDatabase } from '../support/test-database.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const REGISTER = `mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`;
const input = (i: number) => ({
  matrikkel: { kommunenummer: '0301', gardsnummer: 200 + (i % 10), bruksnummer: 1 },
  // A unit of its own for every i (one unit, one dwelling in the portfolio).
  bruksenhetsnummer: `H${String(Math.floor(i / 100) + 1).padStart(2, '0')}${String((i % 100) + 1).padStart(2, '0')}`,
  address: { street: `Trondheimsveien ${i % 10}`, postalCode: '0560', postalTown: 'Oslo' },
  district: 'Grünerløkka',
  dwellingType: 'ORDINARY',
  rooms: 2,
  bedrooms: 1,
  primaryAreaM2: 45,
  floor: 1,
  wheelchairAccessible: i % 2 === 0,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: false,
  ownership: 'MUNICIPAL',
  registeredOn: '2025-01-01',
});
const TABLES = ['dwellings', 'dwelling_conditions', 'rental_housing_grants', 'portfolio_ledger'];

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Read models equal to a clean rebuild from the log: checksums before and after a rebuild. */
async function expectEqualToCleanRebuild(service: ServiceProcess, pool: pg.Pool) {
  const before = await Promise.all(TABLES.map((t) => tableChecksum(pool, t)));
  const { rows } = await pool.query(`SELECT generation FROM projection_generations WHERE name = 'dwellings' AND status = 'live'`);
  await fetch(`${service.url}/graphql`); // keep the service warm
  await pool.query(`SELECT 1`);
  // Ask the running service to rebuild (the CLI does the same), then wait for the switch.
  const rebuild = spawn(process.execPath, [join(packageRoot, 'bin', 'boligbok.js'), 'projections', 'rebuild', 'dwellings'], {
    env: { ...process.env, DATABASE_URL: (pool as unknown as { options: { connectionString: string } }).options.connectionString, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((r) => rebuild.on('exit', r));
  expect(code).toBe(0);
  const live = await pool.query(`SELECT generation FROM projection_generations WHERE name = 'dwellings' AND status = 'live'`);
  expect(live.rows[0].generation).toBeGreaterThan(rows[0].generation);
  const after = await Promise.all(TABLES.map((t) => tableChecksum(pool, t)));
  expect(after).toEqual(before);
  return before;
}

(realPostgresAvailable() ? describe : describe.skip)('several service processes on one PostgreSQL (real processes)', () => {
  let db: TestDatabase;
  let a: ServiceProcess | undefined;
  let b: ServiceProcess | undefined;
  const env = () => ({ DATABASE_URL: db.url, PROJECTION_POLL_INTERVAL_MS: '50' });

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 3);
  });
  afterAll(async () => {
    a?.kill('SIGKILL');
    b?.kill('SIGKILL');
    await db.drop();
  });

  it('all serve GraphQL, one runs the projection, and after kill -9 another takes over from the checkpoint with no gap or double', async () => {
    a = await startServiceProcess(env());
    b = await startServiceProcess(env());
    expect(await a.metric('boligbok_projection_running_here', 'projection="dwellings"')).toBe(1);
    expect(await b.metric('boligbok_projection_running_here', 'projection="dwellings"')).toBe(0);
    for (let i = 0; i < 20; i++) await (i % 2 ? a : b).graphql(REGISTER, { input: input(i) });
    a.kill('SIGKILL');
    expect(await a.exited).toBeNull();
    for (let i = 20; i < 40; i++) await b.graphql(REGISTER, { input: input(i) });
    const started = Date.now();
    await until('B to take over', async () => (await b!.metric('boligbok_projection_running_here', 'projection="dwellings"')) === 1);
    const tookOverMs = Date.now() - started;
    const head = (await b.graphql('{ logHead }')).logHead;
    const page = await b.graphql(`query ($p: LogPosition) { dwellings(first: 1, atLeast: $p) { totalCount } }`, { p: head });
    expect(page.dwellings.totalCount).toBe(40);
    expect(tookOverMs).toBeLessThan(5_000);
    const applied = await db.pool.query(`SELECT events_applied::int AS n FROM projection_generations WHERE name = 'dwellings' AND status = 'live'`);
    expect(applied.rows[0].n).toBe(80); // each registration claims its unit first: two events, each applied once
    await expectEqualToCleanRebuild(b, db.pool);
  }, 90_000);

  it('stops gracefully on SIGTERM: answers the requests in flight, commits, releases its locks and exits 0', async () => {
    const c = b!;
    const authorization = `Bearer ${await c.token('admin')}`;
    const post = (query: string, variables?: Record<string, unknown>) =>
      fetch(`${c.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as any }),
      );
    // Slow requests: each waits (up to the read-your-writes timeout) for a position far ahead.
    const slow = Array.from({ length: 3 }, () => post(`{ dwellings(first: 1, atLeast: "999999999999999") { totalCount } }`));
    const writes = Array.from({ length: 5 }, (_, i) => post(REGISTER, { input: input(100 + i) }));
    await new Promise((r) => setTimeout(r, 300));
    c.kill('SIGTERM');
    // Every request accepted before SIGTERM gets its whole answer; none is cut off.
    for (const r of await Promise.all(writes)) expect(r.body.data.registerDwelling.position).toBeDefined();
    for (const r of await Promise.all(slow)) expect(r.body.errors[0].extensions.code).toBe('READ_MODEL_TIMEOUT');
    expect(await c.exited).toBe(0);
    expect(c.logs.some((l) => l.includes('stopped cleanly'))).toBe(true);
    // Its projection lock is free again: another session can take it at once.
    const probe = await db.pool.connect();
    const { rows } = await probe.query(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':boligbok:projection:dwellings')) AS free`);
    expect(rows[0].free).toBe(true);
    await probe.query(`SELECT pg_advisory_unlock_all()`);
    probe.release();
    b = undefined;
  }, 60_000);

  it('survives kill -9 during multi-event appends and during projection batches: the log has only whole appends and the read models equal a clean rebuild', async () => {
    const worker = spawn(process.execPath, [join(packageRoot, 'test', 'support', 'crash-worker.mjs')], {
      env: { ...process.env, DATABASE_URL: db.url, EVENTS_PER_APPEND: '40' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const workerExited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    await Promise.race([
      new Promise<void>((resolve) => worker.stdout!.once('data', () => resolve())),
      workerExited.then((code) => Promise.reject(new Error(`crash worker exited early with ${code}`))),
    ]);
    // A projection process with tiny batches, so kills land inside batches.
    let service = await startServiceProcess({ ...env(), PROJECTION_BATCH_SIZE: '7' });
    for (const delay of [400, 300, 500]) {
      await new Promise((r) => setTimeout(r, delay));
      service.kill('SIGKILL');
      await service.exited;
      service = await startServiceProcess({ ...env(), PROJECTION_BATCH_SIZE: '7' });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(worker.exitCode).toBeNull(); // it was still appending when killed
    worker.kill('SIGKILL');
    await workerExited;
    // The last process also dies mid-batch; its successor catches up with ordinary batches.
    service.kill('SIGKILL');
    await service.exited;
    service = await startServiceProcess(env());
    const partial = await db.pool.query(
      `SELECT stream_id, count(*)::int AS n FROM events WHERE metadata->>'actor' = 'crash-worker' GROUP BY stream_id HAVING count(*) <> 40`,
    );
    expect(partial.rows).toEqual([]);
    const appended = await db.pool.query(`SELECT count(DISTINCT stream_id)::int AS n FROM events WHERE metadata->>'actor' = 'crash-worker'`);
    expect(appended.rows[0].n).toBeGreaterThan(5);
    const head = (await service.graphql('{ logHead }')).logHead;
    // The backlog is large and batches are tiny: wait (in 5-second read-your-writes waits) until caught up.
    await until('the projection to catch up', () => service.graphql(`query ($p: LogPosition) { dwellings(first: 1, atLeast: $p) { totalCount } }`, { p: head }), 90_000);
    const [dwellings] = await expectEqualToCleanRebuild(service, db.pool);
    const expected = await db.pool.query(`SELECT count(DISTINCT stream_id)::int AS n FROM events WHERE stream_id LIKE 'dwelling-%'`);
    expect(dwellings!.rows).toBe(expected.rows[0].n);
    service.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 180_000);
});

if (!realPostgresAvailable()) {
  it.skip('multi-process, graceful shutdown and crash-safety tests SKIPPED: they need TEST_DATABASE_URL (a real PostgreSQL)', () => undefined);
}
