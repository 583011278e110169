import { startTestService, type TestService } from '../support/test-service.js';

const REGISTER = `mutation Register($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`;
const input = {
  matrikkel: { kommunenummer: '5501', gardsnummer: 118, bruksnummer: 5 },
  bruksenhetsnummer: 'H0101',
  address: { street: 'Storgata 90', postalCode: '9008', postalTown: 'Tromsø' },
  district: 'Sentrum',
  dwellingType: 'ORDINARY',
  rooms: 2,
  bedrooms: 1,
  primaryAreaM2: 40,
  floor: 1,
  wheelchairAccessible: false,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: false,
  ownership: 'MUNICIPAL',
  registeredOn: '2025-01-01',
};

describe('observability over HTTP', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('pglite');
  });
  afterAll(() => service.stop());

  it('echoes the correlation id and records it in the metadata of the events the request caused', async () => {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'case-4711', ...(await service.authHeaders()) },
      body: JSON.stringify({ query: REGISTER, variables: { input } }),
    });
    expect(response.headers.get('x-correlation-id')).toBe('case-4711');
    const body = (await response.json()) as any;
    const events = [];
    for await (const e of service.runtime.store.readStream(`dwelling-${body.data.registerDwelling.dwellingId}`)) events.push(e);
    expect(events[0]!.metadata.correlationId).toBe('case-4711');
    const generated = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await service.authHeaders()) }, body: '{"query":"{ logHead }"}' });
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics for commands, appends, GraphQL operations and projections', async () => {
    await service.graphql(REGISTER, { input: { ...input, bruksenhetsnummer: 'H0102' } });
    await service.graphql(REGISTER, { input: { ...input, bruksenhetsnummer: 'X' } });
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/boligbok_commands_total\{command="RegisterDwelling",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/boligbok_commands_total\{command="RegisterDwelling",outcome="refused"\} [1-9]/);
    expect(text).toMatch(/boligbok_event_store_append_duration_seconds_count\{adapter="postgres",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/boligbok_graphql_operation_duration_seconds_count\{operation_type="mutation",operation_name="Register",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/boligbok_projection_position\{projection="dwellings"\} [1-9]/);
    expect(text).toMatch(/boligbok_projection_running_here\{projection="dwellings"\} 1/);
    expect(text).toMatch(/boligbok_projection_lag_events\{projection="dwellings"\} \d/);
  });

  it('turns readiness off as soon as shutdown begins', async () => {
    service.runtime.shuttingDown = true;
    const r = await fetch(`${service.url}/health/ready`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ checks: { process: 'shutting down' } });
    service.runtime.shuttingDown = false;
  });
});
