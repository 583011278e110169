import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadOrCreateDevelopmentKey, signDevelopmentToken, type DevelopmentKey } from '../../src/access/development-key.js';
import { websocketAccess } from '../../src/access/graphql-access.js';
import { accessServices } from '../../src/access/access-services.js';
import { RateLimiter } from '../../src/access/rate-limiter.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

/**
 * A websocket is checked against its token for as long as it is open, not only at the handshake:
 * the verifier accepts a token until its `exp` plus a 30 s clock tolerance, so a token minted 27 s
 * past its `exp` is still accepted for about 3 s, which keeps these tests short.
 */
describe('a websocket lives no longer than its token', () => {
  let service: TestService;
  let key: DevelopmentKey;
  const clients: Client[] = [];
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite');
    key = await loadOrCreateDevelopmentKey(service.runtime.config.dataDir);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await service?.stop();
  });

  const tokenExpiring = (expiresIn: string) => {
    const { issuer, audience, roleClaim } = service.runtime.config.auth;
    return signDevelopmentToken(key, { subject: 'ws-expiry', role: 'admin', issuer, audience, roleClaim, expiresIn });
  };
  const connect = (token: string, onClosed: (code: number) => void) => {
    const client = createClient({
      url: service.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${token}` },
      on: { closed: (event) => onClosed((event as { code: number }).code) },
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    return client;
  };
  const query = <T>(client: Client, document: string) =>
    new Promise<T>((resolve, reject) => {
      let data: T;
      client.subscribe<T>({ query: document }, { next: (r) => (data = r.data as T), error: reject, complete: () => resolve(data) });
    });

  it('refuses a token past its exp beyond the clock tolerance at the handshake (4403 Forbidden)', async () => {
    const token = await tokenExpiring('-60s');
    const closed = new Promise<number>((resolve) => connect(token, resolve));
    expect(await closed).toBe(CloseCode.Forbidden);
  });

  it('closes the socket with 4403 when the token expires, ending the subscriptions running on it', async () => {
    const token = await tokenExpiring('-27s');
    const opened = Date.now();
    let closedAfterMs = -1;
    const closed = new Promise<number>((resolve) =>
      connect(token, (code) => {
        closedAfterMs = Date.now() - opened;
        resolve(code);
      }),
    );
    const client = clients.at(-1)!;
    // Accepted while the tolerance lasts: a query answers and a subscription runs.
    expect(await query<{ whoAmI: { subject: string } }>(client, '{ whoAmI { subject } }')).toEqual({ whoAmI: { subject: 'ws-expiry' } });
    const subscription = new Promise<string>((resolve) =>
      client.subscribe({ query: 'subscription { dwellingChanged { dwellingId } }' }, { next: () => undefined, error: (e) => resolve(`ended: ${(e as { code?: number }).code}`), complete: () => resolve('completed') }),
    );
    expect(await closed).toBe(CloseCode.Forbidden);
    expect(await subscription).toBe(`ended: ${CloseCode.Forbidden}`);
    // About 3 s after it opened (the rest of the tolerance, checked every second), not at once and not never.
    expect(closedAfterMs).toBeGreaterThan(1_000);
    expect(closedAfterMs).toBeLessThan(8_000);
  }, 20_000);

  it('runs no operation on a socket whose token has expired, even before the socket is closed', async () => {
    const access = websocketAccess(service.runtime);
    const closes: number[] = [];
    const extra: Record<string, unknown> = { socket: { close: (code: number) => closes.push(code) }, request: { headers: {} } };
    const ctx = { connectionParams: { authorization: `Bearer ${await tokenExpiring('-27s')}` }, extra } as never;
    expect(await access.onConnect(ctx)).toBe(true);
    // The same socket, its token now past the tolerance (as if the expiry check had not fired yet).
    extra.token = await tokenExpiring('-60s');
    const refused = await access.onSubscribe(ctx, '1', { query: 'mutation { __typename }' });
    expect(refused?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(closes).toEqual([CloseCode.Forbidden]);
    access.onClose(ctx);
  });
});


/**
 * The handshake's token is charged to the IP like an HTTP request's: failures count, and an emptied
 * bucket is not verified. Each test puts a limiter of 3 a minute on a frozen clock in the runtime's
 * access services (the handshake reads it there; a low RATE_LIMIT_PER_MINUTE would also hold up the
 * test service's own readiness polls).
 */
describe('websocket handshakes with refused tokens count against the IP', () => {
  let service: TestService;
  let key: DevelopmentKey;
  let otherDir: string;
  let otherKey: DevelopmentKey;
  let limiterOff: RateLimiter;
  beforeEach(() => {
    limiterOff = accessServices(service.runtime).limiter;
    accessServices(service.runtime).limiter = new RateLimiter(3, () => 0);
  });
  afterEach(() => {
    accessServices(service.runtime).limiter = limiterOff;
  });
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite');
    key = await loadOrCreateDevelopmentKey(service.runtime.config.dataDir);
    otherDir = await mkdtemp(join(tmpdir(), 'boligbok-ws-ip-limit-'));
    otherKey = await loadOrCreateDevelopmentKey(otherDir);
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await rm(otherDir, { recursive: true, force: true });
  });

  const mint = (subject: string, signingKey: DevelopmentKey) => {
    const { issuer, audience, roleClaim } = service.runtime.config.auth;
    return signDevelopmentToken(signingKey, { subject, role: 'admin', issuer, audience, roleClaim, expiresIn: '5m' });
  };
  const handshake = (access: ReturnType<typeof websocketAccess>, authorization: string | undefined, closes: unknown[][], ip = '203.0.113.9') => {
    const extra = { socket: { close: (...args: unknown[]) => closes.push(args) }, request: { headers: {}, socket: { remoteAddress: ip } } };
    const ctx = { connectionParams: authorization === undefined ? {} : { authorization }, extra } as never;
    return { ctx, accepted: access.onConnect(ctx) };
  };

  it('refuses the 4th bad handshake from one IP with 4403 and a retry time, without verifying it; a token in use still connects', async () => {
    const access = websocketAccess(service.runtime);
    const verify = jest.spyOn(accessServices(service.runtime).verifier, 'verify');
    try {
      const closes: unknown[][] = [];
      const goodHeader = `Bearer ${await mint('ws-good', key)}`;
      const good = handshake(access, goodHeader, closes);
      expect(await good.accepted).toBe(true); // verified, and costs the IP nothing
      const forged = `Bearer ${await mint('intruder', otherKey)}`;
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await handshake(access, forged, closes).accepted);
      expect(results).toEqual([false, false, false]);
      expect(closes).toEqual([]); // plain refusals: graphql-ws closes them with 4403 Forbidden
      const calls = verify.mock.calls.length;
      expect(calls).toBe(4);
      expect(await handshake(access, forged, closes).accepted).toBe(false);
      expect(await handshake(access, undefined, closes).accepted).toBe(false);
      expect(closes).toHaveLength(2);
      for (const [code, reason] of closes) {
        expect(code).toBe(CloseCode.Forbidden);
        expect(reason).toMatch(/^Forbidden: too many requests; retry in [1-9]\d* s$/);
      }
      expect(verify.mock.calls.length).toBe(calls);
      // The token verified before passes without another check; a new one from this IP waits.
      const sameToken = handshake(access, goodHeader, closes);
      expect(await sameToken.accepted).toBe(true);
      expect(await handshake(access, `Bearer ${await mint('ws-new', key)}`, closes).accepted).toBe(false);
      expect(closes).toHaveLength(3);
      expect(verify.mock.calls.length).toBe(calls);
      // Another IP is not affected.
      expect(await handshake(access, forged, closes, '198.51.100.3').accepted).toBe(false);
      expect(verify.mock.calls.length).toBe(calls + 1);
      for (const h of [good, sameToken]) access.onClose(h.ctx);
    } finally {
      verify.mockRestore();
    }
  });

  it("counts each operation over a socket against the caller's bucket, as over HTTP", async () => {
    const client = createClient({
      url: service.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${await mint('ws-busy', key)}` },
    });
    try {
      const run = () =>
        new Promise<{ data?: unknown; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }>((resolve, reject) => {
          let result: { data?: unknown; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> } = {};
          client.subscribe({ query: '{ __typename }' }, { next: (r) => (result = r as typeof result), error: (e) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e)), complete: () => resolve(result) });
        });
      const results = [await run(), await run(), await run(), await run()];
      expect(results.slice(0, 3).map((r) => r.data)).toEqual([{ __typename: 'Query' }, { __typename: 'Query' }, { __typename: 'Query' }]);
      expect(results[3]!.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^too many requests; retry in \d+ s$/), extensions: { code: 'RATE_LIMITED' } });
    } finally {
      await client.dispose();
    }
  });

  it('closes a real socket with the rate-limit reason once its IP has used its bucket on bad tokens', async () => {
    const forged = await mint('intruder', otherKey);
    const attempt = () =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        const client = createClient({
          url: service.url.replace('http', 'ws') + '/graphql',
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams: { authorization: `Bearer ${forged}` },
          on: { closed: (event) => resolve(event as { code: number; reason: string }) },
          onNonLazyError: () => undefined,
        });
        void client; // closed by the server
      });
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await attempt());
    expect(seen.map((c) => c.code)).toEqual([CloseCode.Forbidden, CloseCode.Forbidden, CloseCode.Forbidden, CloseCode.Forbidden]);
    expect(seen.slice(0, 3).map((c) => c.reason)).toEqual(['Forbidden', 'Forbidden', 'Forbidden']);
    expect(seen[3]!.reason).toMatch(/^Forbidden: too many requests; retry in \d+ s$/);
  });
});
