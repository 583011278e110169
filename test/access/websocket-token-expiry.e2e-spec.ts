import { CloseCode, createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadOrCreateDevelopmentKey, signDevelopmentToken, type DevelopmentKey } from '../../src/access/development-key.js';
import { websocketAccess } from '../../src/access/graphql-access.js';
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

