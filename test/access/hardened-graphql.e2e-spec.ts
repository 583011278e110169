import { serverAudits } from 'graphql-http';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

const kind = () => (realPostgresAvailable() ? 'postgres' : 'pglite');

describe('hardened GraphQL', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(kind(), { env: { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_TOKENS: '400', MAX_PAGE_SIZE: '300', REQUEST_BODY_LIMIT_MB: '1' } });
  }, 60_000);
  afterAll(() => service?.stop());

  it('passes every MUST audit of the GraphQL-over-HTTP spec (graphql-http serverAudits), with a token', async () => {
    const authorization = (await service.authHeaders('admin')).authorization!;
    const fetchWithToken = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', authorization);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: `${service.url}/graphql`, fetchFn: fetchWithToken });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const mustFailures = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(mustFailures).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  }, 60_000);

  it('limits depth, aliases and tokens before execution', async () => {
    const allowed = await service.graphql('{ dwellings { edges { node { id } } } }');
    expect(allowed.body.errors).toBeUndefined();
    const deep = await service.graphql('{ dwellings { edges { node { matrikkel { text } } } } }');
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body.errors)).toMatch(/depth/i);
    const throughFragment = await service.graphql('fragment F on Dwelling { matrikkel { text } } { dwellings { edges { node { ...F } } } }');
    expect(throughFragment.status).toBe(400);
    const aliases = await service.graphql(`{ ${Array.from({ length: 6 }, (_, i) => `h${i}: logHead`).join(' ')} }`);
    expect(aliases.status).toBe(400);
    expect(JSON.stringify(aliases.body.errors)).toMatch(/aliases/i);
    const tokens = await service.graphql(`{ ${Array.from({ length: 500 }, () => 'logHead').join(' ')} }`);
    expect(tokens.status).toBe(400);
    expect(JSON.stringify(tokens.body.errors)).toMatch(/token/i);
  });

  it('bounds every list: first above MAX_PAGE_SIZE is refused wherever it appears, also through variables', async () => {
    const literal = await service.graphql('{ stockChanges(first: 301) { totalCount: __typename } }');
    expect(literal.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', reason: 'PAGE_SIZE_OUT_OF_RANGE' });
    const variable = await service.graphql('query ($n: Int) { dwellings(first: $n) { totalCount } }', { n: 100000 });
    expect(variable.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE' });
  });

  it('gives no field suggestions and no stack traces', async () => {
    const typo = await service.graphql('{ logHed }');
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/);
    const bad = await service.graphql('query ($id: ID!) { dwelling(id: $id) { id } }', { id: 'x' });
    expect(JSON.stringify(bad.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('refuses a request body above the limit with 413, before parsing it', async () => {
    const r = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await service.authHeaders()) },
      body: JSON.stringify({ query: 'mutation ($csv: String!) { importDwellings(csv: $csv) { rows } }', variables: { csv: 'x'.repeat(1_100_000) } }),
    });
    expect(r.status).toBe(413);
  });

  it('refuses a cross-site form post (no Authorization header can be sent without a preflight)', async () => {
    const r = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=mutation{ping}' });
    expect(r.status).toBe(401);
  });

  it('does not run a url-encoded form even with a token (only JSON bodies are read)', async () => {
    const r = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(await service.authHeaders()) },
      body: 'query=%7BlogHead%7D',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).not.toMatch(/"logHead"/);
  });

  it('sends no ETag (no client revalidates GraphQL answers, and the hash costs every request)', async () => {
    const r = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await service.authHeaders()) },
      body: JSON.stringify({ query: '{ logHead }' }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBeNull();
  });
});

describe('rate limit per client', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(kind(), { env: { RATE_LIMIT_PER_MINUTE: '20' } });
  }, 60_000);
  afterAll(() => service?.stop());

  it('answers 429 with Retry-After once a client has used its bucket; other clients are not affected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await service.graphqlAs('caseworker', '{ logHead }')).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const limited = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await service.authHeaders('caseworker')) }, body: '{"query":"{ logHead }"}' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await service.graphqlAs('auditor', '{ logHead }')).status).toBe(200);
  });
});
