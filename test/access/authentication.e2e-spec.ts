import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey } from 'jose';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVerifier } from '../../src/access/token-verifier.js';
import { httpAuthentication } from '../../src/access/http-authentication.js';
import { RateLimiter } from '../../src/access/rate-limiter.js';
import { TrustedProxies } from '../../src/access/client-address.js';
import { loadOrCreateDevelopmentKey, signDevelopmentToken, type DevelopmentKey } from '../../src/access/development-key.js';
import { createLogger } from '../../src/observability/logger.js';
import { loadConfig } from '../../src/config/config.js';
import { mintDevelopmentToken } from '../../src/cli/token.command.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

const ISSUER = 'https://idp.test.kommune.no';
const AUDIENCE = 'boligbok-api';

/**
 * Tokens from an identity provider: a local HTTP server serves the provider's JWKS, the service
 * fetches it and verifies real signatures (no mocks).
 */
describe('bearer tokens verified against an OIDC JWKS', () => {
  let idp: Server;
  let service: TestService;
  let key: CryptoKey;
  let otherKey: CryptoKey;
  let jwksRequests = 0;

  const sign = (claims: Record<string, unknown>, options: { key?: CryptoKey; alg?: string; kid?: string; issuer?: string; audience?: string; expires?: string | number; subject?: string | null } = {}) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'idp-key-1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m');
    if (options.subject !== null) jwt = jwt.setSubject(options.subject ?? 'saksbehandler-17');
    return jwt.sign(options.key ?? key);
  };
  const call = (token: string | undefined, query = '{ whoAmI { subject role } }') =>
    fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    ({ privateKey: otherKey } = await generateKeyPair('RS256'));
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    idp = createServer((req, res) => {
      jwksRequests++;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const port = (idp.address() as { port: number }).port;
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite', {
      role: null,
      env: { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_ROLE_CLAIM: 'boligbok_role' },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    idp?.close();
  });

  it("accepts a token signed by the provider's key: actor = sub, role = the configured claim", async () => {
    const r = await call(await sign({ boligbok_role: 'caseworker' }));
    expect(r.body.data.whoAmI).toEqual({ subject: 'saksbehandler-17', role: 'caseworker' });
    expect(jwksRequests).toBeGreaterThan(0);
    // A role list with exactly one Boligbok role (other entries ignored), as some providers send groups.
    const listed = await call(await sign({ boligbok_role: ['employees', 'auditor'] }));
    expect(listed.body.data.whoAmI.role).toBe('auditor');
  });

  it('records the token subject and role in the metadata of the events a request causes', async () => {
    const token = await sign({ boligbok_role: 'admin' }, { subject: 'drift-3' });
    const r = await call(token, `mutation { eraseDataSubject(input: { subjectId: "0190aaaa-0000-7000-8000-000000000001" }) { position } }`);
    expect(r.body.errors).toBeUndefined();
    const events = [];
    for await (const e of service.runtime.store.readStream('datasubject-0190aaaa-0000-7000-8000-000000000001')) events.push(e);
    expect(events[0]!.metadata).toMatchObject({ actor: 'drift-3', role: 'admin' });
  });

  it.each([
    ['no token', async () => undefined, 'a bearer token is required'],
    ['a token signed by another key', async () => sign({ boligbok_role: 'admin' }, { key: otherKey }), 'signature'],
    ['a token for another audience', async () => sign({ boligbok_role: 'admin' }, { audience: 'someone-else' }), 'aud'],
    ['a token from another issuer', async () => sign({ boligbok_role: 'admin' }, { issuer: 'https://evil.example' }), 'iss'],
    ['an expired token', async () => sign({ boligbok_role: 'admin' }, { expires: Math.floor(Date.now() / 1000) - 120 }), 'expired'],
    ['a token without a subject', async () => sign({ boligbok_role: 'admin' }, { subject: null }), 'sub'],
    ['a token without a Boligbok role', async () => sign({ boligbok_role: 'superuser' }), 'boligbok_role'],
    ['a token with two Boligbok roles', async () => sign({ boligbok_role: ['admin', 'caseworker'] }), 'exactly one'],
    ['a token with the role in another claim', async () => sign({ role: 'admin' }), 'boligbok_role'],
    ['a shared-secret (HS256) token', async () => new SignJWT({ boligbok_role: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: 'idp-key-1' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(await generateSecret('HS256')), 'algorithm'],
    ['an unsigned token', async () => `${b64({ alg: 'none' })}.${b64({ sub: 'x', boligbok_role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })}.`, ''],
    ['garbage', async () => 'not-a-jwt', ''],
  ])('refuses %s with 401 and a JSON error, running nothing', async (_what, token, words) => {
    const r = await call(await token());
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(r.body.errors[0].message).toContain(words);
    expect(r.body.data).toBeUndefined();
  });

  it('refuses a malformed Authorization header', async () => {
    const r = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' }, body: '{"query":"{ logHead }"}' });
    expect(r.status).toBe(401);
  });
});

/**
 * The middleware on its own (a real verifier with a development key, a limiter of 3 a minute on a
 * frozen clock): a refused token is charged to the caller's IP, and an IP that has used its bucket
 * is answered 429 before any new token of it is verified.
 */
describe('refused tokens count against the IP (brute force and signature CPU are limited)', () => {
  let dataDir: string;
  let otherDir: string;
  let key: DevelopmentKey;
  let otherKey: DevelopmentKey;
  let config: ReturnType<typeof loadConfig>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'boligbok-ip-limit-'));
    otherDir = await mkdtemp(join(tmpdir(), 'boligbok-ip-limit-'));
    config = loadConfig({ DATA_DIR: dataDir });
    key = await loadOrCreateDevelopmentKey(dataDir);
    otherKey = await loadOrCreateDevelopmentKey(otherDir);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  });

  const mint = (subject: string, signingKey = key) => {
    const { issuer, audience, roleClaim } = config.auth;
    return signDevelopmentToken(signingKey, { subject, role: 'caseworker', issuer, audience, roleClaim, expiresIn: '5m' });
  };
  const setUp = () => {
    const verifier = new TokenVerifier(config.auth, dataDir);
    const verify = jest.spyOn(verifier, 'verify');
    const limiter = new RateLimiter(3, () => 0); // a frozen clock: nothing refills during a test
    const middleware = httpAuthentication({ verifier, limiter, proxies: new TrustedProxies([]), metricsPublic: false, landingPageOpen: false, logger: createLogger('silent') });
    const send = (authorization: string | undefined, ip = '203.0.113.7', path = '/graphql') =>
      new Promise<{ status: number; retryAfter?: string; code?: string }>((resolve) => {
        const headers: Record<string, string> = {};
        const res = {
          statusCode: 200,
          headersSent: false,
          setHeader: (name: string, value: string) => void (headers[name] = value),
          end(body: string) {
            resolve({ status: this.statusCode, retryAfter: headers['retry-after'], code: JSON.parse(body).errors[0].extensions.code });
          },
        };
        const req = { url: path, method: 'POST', headers: authorization === undefined ? {} : { authorization }, socket: { remoteAddress: ip } };
        middleware(req as never, res as never, () => resolve({ status: 200 }));
      });
    return { verify, send };
  };

  it('answers the 4th bad token from one IP 429 with Retry-After, without verifying it; other IPs are not affected', async () => {
    const { verify, send } = setUp();
    const forged = await mint('intruder', otherKey);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(`Bearer ${forged}`));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(answers[3]).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
    expect(verify).toHaveBeenCalledTimes(3);
    // A malformed header from that IP is refused the same way; another IP still gets its 401.
    expect((await send('Basic YWRtaW46YWRtaW4=')).status).toBe(429);
    expect((await send('Bearer not-a-jwt', '198.51.100.2')).status).toBe(401);
    expect(verify).toHaveBeenCalledTimes(4);
  });

  it('counts malformed Authorization headers against the IP', async () => {
    const { verify, send } = setUp();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send('Basic YWRtaW46YWRtaW4=')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await send(`Bearer ${await mint('late')}`)).status).toBe(429); // a new token from that IP is not verified
    expect(verify).not.toHaveBeenCalled();
  });

  it('charges bad tokens sent at the same time before verifying them, so a burst cannot outrun the bucket', async () => {
    const { verify, send } = setUp();
    const forged = await mint('intruder', otherKey);
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(`Bearer ${forged}`)));
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 429, 429, 429]);
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it("does not charge a good token to the IP, keeps counting it per subject, and lets a token in use through an IP that bad tokens emptied", async () => {
    const { verify, send } = setUp();
    const good = `Bearer ${await mint('saksbehandler-1')}`;
    expect((await send(good)).status).toBe(200); // verified (and the IP's token given back)
    const forged = `Bearer ${await mint('intruder', otherKey)}`;
    const bad = [];
    for (let i = 0; i < 4; i++) bad.push((await send(forged)).status);
    expect(bad).toEqual([401, 401, 401, 429]); // the good request cost the IP nothing
    // The token already verified still passes from that IP without another check, charged to its subject:
    // 3 a minute, so its 4th request is refused.
    const calls = verify.mock.calls.length;
    expect((await send(good)).status).toBe(200);
    expect((await send(good)).status).toBe(200);
    const limited = await send(good);
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(verify.mock.calls.length).toBe(calls);
    // The trade-off: a good but new token from the emptied IP waits Retry-After like a guess would.
    const fresh = await send(`Bearer ${await mint('saksbehandler-2')}`);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.retryAfter)).toBeGreaterThan(0);
    // From another IP it is verified and served.
    expect((await send(`Bearer ${await mint('saksbehandler-2')}`, '198.51.100.2')).status).toBe(200);
  });
});

describe('behind a trusted reverse proxy, each client behind it has buckets of its own', () => {
  let dataDir: string;
  let otherDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'boligbok-proxy-'));
    otherDir = await mkdtemp(join(tmpdir(), 'boligbok-proxy-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  });

  it('charges bad tokens to the forwarded client, not the proxy, and ignores the header from anyone else', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, TRUSTED_PROXIES: '10.0.0.0/8' });
    const verifier = new TokenVerifier(config.auth, dataDir);
    const middleware = httpAuthentication({ verifier, limiter: new RateLimiter(3, () => 0), proxies: new TrustedProxies(config.limits.trustedProxies), metricsPublic: false, landingPageOpen: false, logger: createLogger('silent') });
    const { issuer, audience, roleClaim } = config.auth;
    const forged = `Bearer ${await signDevelopmentToken(await loadOrCreateDevelopmentKey(otherDir), { subject: 'intruder', role: 'caseworker', issuer, audience, roleClaim, expiresIn: '10m' })}`;
    const send = (peer: string, forwardedFor?: string) =>
      new Promise<number>((resolve) => {
        const res = { statusCode: 200, headersSent: false, setHeader: () => undefined, end() { resolve(this.statusCode); } };
        const headers: Record<string, string> = { authorization: forged, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) };
        middleware({ url: '/graphql', method: 'POST', headers, socket: { remoteAddress: peer } } as never, res as never, () => resolve(200));
      });
    const guesses = [];
    for (let i = 0; i < 4; i++) guesses.push(await send('10.0.0.2', `6.6.6.${i}, 198.51.100.9`)); // the client's own entries change; the proxy's does not
    expect(guesses).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy is not shut out.
    expect(await send('10.0.0.2', '198.51.100.10')).toBe(401);
    // A client that writes the header itself, not through the proxy, is counted by its own address.
    const direct = [];
    for (let i = 0; i < 4; i++) direct.push(await send('203.0.113.7', '198.51.100.11'));
    expect(direct).toEqual([401, 401, 401, 429]);
    expect(await send('10.0.0.2', '198.51.100.11')).toBe(401);
  });
});

describe('refused tokens do not shut out what is not a guess', () => {
  let dataDir: string;
  let otherDir: string;
  let config: ReturnType<typeof loadConfig>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'boligbok-ip-limit-'));
    otherDir = await mkdtemp(join(tmpdir(), 'boligbok-ip-limit-'));
    config = loadConfig({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  });

  const call = (middleware: ReturnType<typeof httpAuthentication>, authorization: string | undefined, path = '/graphql') =>
    new Promise<number>((resolve) => {
      const res = { statusCode: 200, headersSent: false, setHeader: () => undefined, end() { resolve(this.statusCode); } };
      const req = { url: path, method: 'GET', headers: authorization === undefined ? {} : { authorization }, socket: { remoteAddress: '203.0.113.8' } };
      middleware(req as never, res as never, () => resolve(200));
    });

  it('keeps a token in use working after it has left the 60 s cache, and health probes answering, while bad tokens have emptied the address', async () => {
    const verifier = new TokenVerifier(config.auth, dataDir);
    const middleware = httpAuthentication({ verifier, limiter: new RateLimiter(3, () => 0), proxies: new TrustedProxies([]), metricsPublic: false, landingPageOpen: false, logger: createLogger('silent') });
    const { issuer, audience, roleClaim } = config.auth;
    const good = `Bearer ${await signDevelopmentToken(await loadOrCreateDevelopmentKey(dataDir), { subject: 'saksbehandler-3', role: 'caseworker', issuer, audience, roleClaim, expiresIn: '10m' })}`;
    const forged = `Bearer ${await signDevelopmentToken(await loadOrCreateDevelopmentKey(otherDir), { subject: 'intruder', role: 'caseworker', issuer, audience, roleClaim, expiresIn: '10m' })}`;
    expect(await call(middleware, good)).toBe(200);
    const bad = [];
    for (let i = 0; i < 4; i++) bad.push(await call(middleware, forged));
    expect(bad).toEqual([401, 401, 401, 429]);
    expect(await call(middleware, undefined, '/health/ready')).toBe(200);
    // 61 s later the token's verification has left the cache: it is verified again, not refused as a guess.
    const start = Date.now();
    const verify = jest.spyOn(verifier, 'verify');
    jest.spyOn(Date, 'now').mockReturnValue(start + 61_000);
    expect(await call(middleware, good)).toBe(200);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await call(middleware, forged)).toBe(429);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});

describe('configuration of authentication', () => {
  it('requires the JWKS URL, issuer and audience in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/x' })).toThrow(/AUTH_JWKS_URL is required when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/x', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'b' })).not.toThrow();
  });

  it('`boligbok token` refuses in production and when an identity provider is configured, and checks the role', async () => {
    const errors: string[] = [];
    const out: string[] = [];
    const prod = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/x', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'b' });
    expect(await mintDevelopmentToken(prod, { role: 'admin' }, (l) => out.push(l), (l) => errors.push(l))).toBe(1);
    expect(errors.pop()).toMatch(/local development only/);
    const withIdp = loadConfig({ AUTH_JWKS_URL: 'https://idp/jwks' });
    expect(await mintDevelopmentToken(withIdp, { role: 'admin' }, (l) => out.push(l), (l) => errors.push(l))).toBe(1);
    expect(errors.pop()).toMatch(/AUTH_JWKS_URL is set/);
    expect(await mintDevelopmentToken(loadConfig({ DATA_DIR: '/nonexistent-never-used' }), { role: 'root' }, (l) => out.push(l), (l) => errors.push(l))).toBe(1);
    expect(errors.pop()).toMatch(/--role must be one of/);
    expect(out).toEqual([]);
  });
});

describe('the development key', () => {
  it('`boligbok token` mints a token that the service (no JWKS configured) accepts, with the role and subject asked for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'boligbok-token-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir });
      const out: string[] = [];
      expect(await mintDevelopmentToken(config, { role: 'auditor', sub: 'revisor-1', expiresIn: '30m' }, (l) => out.push(l), () => undefined)).toBe(0);
      expect(await new TokenVerifier(config.auth, dataDir).verify(out[0]!)).toEqual({ subject: 'revisor-1', role: 'auditor' });
      expect((await stat(join(dataDir, 'dev-jwt-key.json'))).mode & 0o777).toBe(0o600);
      // Another DATA_DIR has another key: its tokens are not accepted here.
      const otherDir = await mkdtemp(join(tmpdir(), 'boligbok-token-'));
      const other: string[] = [];
      await mintDevelopmentToken(loadConfig({ DATA_DIR: otherDir }), { role: 'admin' }, (l) => other.push(l), () => undefined);
      await expect(new TokenVerifier(config.auth, dataDir).verify(other[0]!)).rejects.toThrow(/no key of the identity provider matches|signature/);
      await rm(otherDir, { recursive: true, force: true });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses invalid limits and auth settings at start, naming the variable', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE must be a whole number/);
    expect(() => loadConfig({ MAX_PAGE_SIZE: '0' })).toThrow(/MAX_PAGE_SIZE/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'ftp://idp/jwks' })).toThrow(/AUTH_JWKS_URL must be a URL/);
    expect(() => loadConfig({ METRICS_PUBLIC: 'yes' })).toThrow(/METRICS_PUBLIC must be one of true, false/);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.kommune.no' })).toThrow(/TRUSTED_PROXIES: "proxy.kommune.no" is not an IP address or a CIDR range/);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,' }).limits.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
  });
});

function b64(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

