import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';

const kind = () => (realPostgresAvailable() ? 'postgres' : 'pglite');

/**
 * POST /graphql with a plain JSON body is served straight from node:http to Apollo; every other
 * request goes through Express. Both paths must answer alike: the same data, the same checks before
 * GraphQL (token, correlation id), the same body limit and the same error shapes.
 */
describe('POST /graphql served directly and through Express alike', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(kind(), { env: { REQUEST_BODY_LIMIT_MB: '1' } });
  }, 60_000);
  afterAll(() => service?.stop());

  // The first type takes the direct path; the second (a parameter the direct path does not know) takes Express's.
  const DIRECT = 'application/json';
  const EXPRESS = 'application/json; charset=utf-8; profile=test';

  async function post(type: string, body: string, headers: Record<string, string> = {}) {
    const r = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': type, ...(await service.authHeaders()), ...headers }, body });
    return { status: r.status, headers: r.headers, body: (await r.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> } };
  }

  it('answers the same query with the same data, status and content type on both paths', async () => {
    const registered = await service.graphql<{ registerDwelling: { position: string } }>(
      'mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }',
      { input: DWELLING },
    );
    expect(registered.body.errors).toBeUndefined();
    const query = JSON.stringify({ query: `{ dwellings(first: 5, atLeast: "${registered.body.data!.registerDwelling.position}") { totalCount edges { node { id district status } } } }` });
    const direct = await post(DIRECT, query);
    const express = await post(EXPRESS, query);
    expect(direct.status).toBe(200);
    expect(direct.body).toEqual(express.body);
    expect((direct.body.data as { dwellings: { totalCount: number } }).dwellings.totalCount).toBe(1);
    expect(direct.headers.get('content-type')).toBe(express.headers.get('content-type'));
    expect(direct.headers.get('etag')).toBeNull();
  });

  it('echoes a well-formed correlation id and refuses a request without a token before reading GraphQL', async () => {
    const answered = await post(DIRECT, JSON.stringify({ query: '{ logHead }' }), { 'x-correlation-id': 'integrator-42' });
    expect(answered.headers.get('x-correlation-id')).toBe('integrator-42');
    const anonymous = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': DIRECT }, body: JSON.stringify({ query: '{ logHead }' }) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('records the correlation id it echoed on the events a mutation appends, when the caller sent none', async () => {
    const r = await post(DIRECT, JSON.stringify({
      query: 'mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId } }',
      variables: { input: { ...DWELLING, bruksenhetsnummer: 'H0102' } },
    }));
    const echoed = r.headers.get('x-correlation-id');
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    const dwellingId = (r.body.data as { registerDwelling: { dwellingId: string } }).registerDwelling.dwellingId;
    const recorded = [];
    for await (const event of service.runtime.store.readStream(dwellingStreamId(dwellingId))) recorded.push(event.metadata.correlationId);
    expect(recorded).toEqual([echoed]);
  });

  it('answers a body that is not JSON 400 BAD_REQUEST, naming the fault, on both paths', async () => {
    for (const type of [DIRECT, EXPRESS]) {
      const r = await post(type, '{"query": ');
      expect([type, r.status, r.body.errors?.[0]?.extensions.code]).toEqual([type, 400, 'BAD_REQUEST']);
      expect(r.body.errors![0]!.message).toMatch(/^the request body is not valid JSON: /);
    }
  });

  it('answers a body above the limit 413 PAYLOAD_TOO_LARGE on both paths, and nothing is recorded', async () => {
    const before = await service.graphql<{ logHead: string }>('{ logHead }');
    const huge = JSON.stringify({ query: 'mutation ($csv: String!) { importDwellings(csv: $csv) { rows } }', variables: { csv: 'x'.repeat(1_100_000) } });
    for (const type of [DIRECT, EXPRESS]) {
      const r = await post(type, huge);
      expect([type, r.status, r.body.errors?.[0]?.extensions.code]).toEqual([type, 413, 'PAYLOAD_TOO_LARGE']);
      expect(r.body.errors![0]!.message).toBe('the request body is larger than the limit of 1048576 bytes');
    }
    expect((await service.graphql<{ logHead: string }>('{ logHead }')).body.data!.logHead).toBe(before.body.data!.logHead);
  });

  it('keeps serving the connection after a refused body (keep-alive) and answers a GET query through Express', async () => {
    await post(DIRECT, '{');
    const after = await post(DIRECT, JSON.stringify({ query: '{ logHead }' }));
    expect(after.status).toBe(200);
    const get = await fetch(`${service.url}/graphql?query=${encodeURIComponent('{ logHead }')}`, { headers: { ...(await service.authHeaders()), accept: 'application/json' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { logHead: string } }).data.logHead).toBe((after.body.data as { logHead: string }).logHead);
  });
});

const DWELLING = {
  matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 }, bruksenhetsnummer: 'H0101',
  address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' }, district: 'Nordlandet',
  dwellingType: 'ORDINARY', rooms: 3, bedrooms: 2, primaryAreaM2: 62.5, floor: 1, wheelchairAccessible: true,
  universallyDesigned: false, sharedLiving: false, rentToOwnPotential: true, ownership: 'MUNICIPAL', registeredOn: '2024-01-15',
};
