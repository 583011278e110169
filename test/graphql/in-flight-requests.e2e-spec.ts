import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { inFlightRequests } from '../../src/graphql/in-flight-requests.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

/**
 * What a shutdown waits for (main.ts, README "Shutdown"): every request running on either HTTP path
 * or over graphql-ws, until its resolvers are done, even when its client has gone; and what it
 * refuses: every request that arrives once the process is shutting down.
 */
describe('requests in flight, as a shutdown sees them', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite', { env: { READ_YOUR_WRITES_TIMEOUT_MS: '2000' } });
  }, 60_000);
  afterAll(async () => {
    if (service) service.runtime.shuttingDown = false;
    await service?.stop();
  });

  // Waits READ_YOUR_WRITES_TIMEOUT_MS for a position far ahead, then answers READ_MODEL_TIMEOUT.
  const SLOW = `{ dwellings(first: 1, atLeast: "999999999999999") { totalCount } }`;
  const DIRECT = 'application/json';
  const EXPRESS = 'application/json; charset=utf-8; profile=test';
  const post = async (type: string, query: string, signal?: AbortSignal) => {
    const r = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': type, ...(await service.authHeaders()) }, body: JSON.stringify({ query }), signal });
    return { status: r.status, code: ((await r.json()) as any).errors?.[0]?.extensions?.code as string | undefined };
  };
  const overWebsocket = (query: string) =>
    new Promise<string | undefined>((resolve, reject) => {
      const client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: service.wsConnectionParams() });
      let code: string | undefined;
      client.subscribe(
        { query },
        {
          next: (r) => (code = (r.errors?.[0]?.extensions as { code?: string } | undefined)?.code ?? r.errors?.[0]?.message),
          error: (e) => {
            void client.dispose();
            if (Array.isArray(e)) resolve((e[0] as { extensions?: { code?: string } }).extensions?.code);
            else reject(e);
          },
          complete: () => {
            void client.dispose();
            resolve(code);
          },
        },
      );
    });

  it('counts requests on both HTTP paths and over graphql-ws until they are answered, and refuses new ones while shutting down', async () => {
    const requests = inFlightRequests(service.runtime);
    const slow = [post(DIRECT, SLOW), post(EXPRESS, SLOW), overWebsocket(SLOW)];
    await new Promise((r) => setTimeout(r, 500));
    expect(requests.running).toEqual({ unanswered: 2, executing: 3 });
    service.runtime.shuttingDown = true;
    try {
      // Refused before anything runs, on every path; the health endpoints still answer.
      expect(await post(DIRECT, '{ logHead }')).toEqual({ status: 503, code: 'SHUTTING_DOWN' });
      expect(await post(EXPRESS, '{ logHead }')).toEqual({ status: 503, code: 'SHUTTING_DOWN' });
      expect(await overWebsocket('{ logHead }')).toBe('SHUTTING_DOWN');
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(503);
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      expect(await requests.settled(10_000)).toBe(true);
      const [direct, express, websocket] = await Promise.all(slow);
      expect([direct, express, websocket]).toEqual([
        { status: 200, code: 'READ_MODEL_TIMEOUT' },
        { status: 200, code: 'READ_MODEL_TIMEOUT' },
        'READ_MODEL_TIMEOUT',
      ]);
    } finally {
      service.runtime.shuttingDown = false;
    }
  });

  it('keeps counting an operation whose client has gone until its resolvers are done', async () => {
    const requests = inFlightRequests(service.runtime);
    const abandoned = new AbortController();
    const request = post(DIRECT, SLOW, abandoned.signal).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 500));
    abandoned.abort();
    expect(await request).toBe('aborted');
    await new Promise((r) => setTimeout(r, 200));
    expect(requests.running).toEqual({ unanswered: 0, executing: 1 });
    expect(await requests.settled(200)).toBe(false);
    const started = Date.now();
    expect(await requests.settled(10_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(500);
  });
});
