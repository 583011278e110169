import { createTestDatabase, realPostgresAvailable, type TestDatabase } from '../support/test-database.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

/**
 * SIGTERM with requests that take longer than Apollo's own 10 s drain: a real `node dist/main.js`
 * process (on real PostgreSQL when TEST_DATABASE_URL is set, else on its embedded database). Each
 * slow request waits for a log position far ahead, for READ_YOUR_WRITES_TIMEOUT_MS, and is then
 * answered READ_MODEL_TIMEOUT.
 */
describe('graceful shutdown with long requests in flight (real process)', () => {
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  const SLOW = `{ dwellings(first: 1, atLeast: "999999999999999") { totalCount } }`;

  beforeAll(async () => {
    if (realPostgresAvailable()) db = await createTestDatabase('postgres', 2);
  });
  afterAll(async () => {
    service?.kill('SIGKILL');
    await db?.drop();
  });

  const start = (readYourWritesTimeoutMs: number) =>
    startServiceProcess({ ...(db ? { DATABASE_URL: db.url } : {}), READ_YOUR_WRITES_TIMEOUT_MS: String(readYourWritesTimeoutMs) });
  const post = async (s: ServiceProcess, query: string) => {
    const authorization = `Bearer ${await s.token('admin')}`;
    const r = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
    return { status: r.status, body: (await r.json()) as any };
  };
  // The Express path (a JSON content type with a parameter the direct path leaves to Express).
  const postViaExpress = async (s: ServiceProcess, query: string) => {
    const authorization = `Bearer ${await s.token('admin')}`;
    const r = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8; profile=x', authorization },
      body: JSON.stringify({ query }),
    });
    return { status: r.status, body: (await r.json()) as any };
  };

  it('lets a request running 15 s finish after SIGTERM (on both HTTP paths), refuses new ones and exits 0', async () => {
    service = await start(15_000);
    const s = service;
    const sentAt = Date.now();
    const slow = [post(s, SLOW), postViaExpress(s, SLOW)];
    await new Promise((r) => setTimeout(r, 1_000));
    s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // A request after SIGTERM is not taken: the server accepts no new connection, and one still open answers 503.
    const late = await post(s, '{ logHead }').then((r) => [r.status, r.body.errors?.[0]?.extensions?.code], () => 'connection refused');
    expect([[503, 'SHUTTING_DOWN'], 'connection refused']).toContainEqual(late);
    for (const r of await Promise.all(slow)) {
      expect(r.status).toBe(200);
      expect(r.body.errors[0].extensions.code).toBe('READ_MODEL_TIMEOUT');
    }
    expect(Date.now() - sentAt).toBeGreaterThan(14_000);
    expect(await s.exited).toBe(0);
    expect(s.logs.some((l) => l.includes('stopped cleanly'))).toBe(true);
    expect(s.logs.some((l) => l.includes('Cannot use a pool after calling end'))).toBe(false);
    service = undefined;
  }, 50_000);

  it('exits 1 and says so, not "stopped cleanly", when requests are still running when the budget runs out', async () => {
    service = await start(60_000);
    const s = service;
    const slow = post(s, SLOW).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const killedAt = Date.now();
    s.kill('SIGTERM');
    expect(await s.exited).toBe(1);
    // The requests get 25 s of the 30 s budget.
    expect(Date.now() - killedAt).toBeGreaterThan(24_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(await slow).toBe('cut off');
    expect(s.logs.some((l) => l.includes('requests still running after 25 s (1 HTTP request(s) unanswered, 1 GraphQL operation(s) executing)'))).toBe(true);
    expect(s.logs.some((l) => l.includes('stopped cleanly'))).toBe(false);
    service = undefined;
  }, 50_000);
});
