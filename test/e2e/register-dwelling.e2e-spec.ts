import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

const REGISTER = `mutation Register($input: RegisterDwellingInput!) {
  registerDwelling(input: $input) { dwellingId revision position }
}`;
const DWELLING = `query Dwelling($id: ID!, $atLeast: LogPosition) {
  dwelling(id: $id, atLeast: $atLeast) {
    id bruksenhetsnummer district dwellingType status ownership rooms bedrooms primaryAreaM2 wheelchairAccessible
    matrikkel { kommunenummer gardsnummer bruksnummer festenummer seksjonsnummer text }
    address { street postalCode postalTown } registeredOn revision position
  }
}`;
const LIST = `query List($first: Int, $after: String, $filter: DwellingFilter, $atLeast: LogPosition) {
  dwellings(first: $first, after: $after, filter: $filter, atLeast: $atLeast) {
    totalCount edges { cursor node { id district } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 },
    bruksenhetsnummer: 'H0101',
    address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
    district: 'Nordlandet',
    dwellingType: 'ORDINARY',
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 62.5,
    floor: 1,
    wheelchairAccessible: true,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: true,
    ownership: 'MUNICIPAL',
    registeredOn: '2024-01-15',
    ...overrides,
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`register a dwelling and read it back over HTTP (${kind})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    it('registers a dwelling, then reads it by id (read-your-writes) and in the list', async () => {
      const created = await service.graphql(REGISTER, { input: input() });
      expect(created.body.errors).toBeUndefined();
      const { dwellingId, position, revision } = created.body.data.registerDwelling;
      expect(revision).toBe('0');
      const read = await service.graphql(DWELLING, { id: dwellingId, atLeast: position });
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.dwelling).toMatchObject({
        id: dwellingId,
        bruksenhetsnummer: 'H0101',
        dwellingType: 'ORDINARY',
        status: 'AVAILABLE',
        ownership: 'MUNICIPAL',
        primaryAreaM2: 62.5,
        matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, text: '1505-12/345/0/0' },
        registeredOn: '2024-01-15',
        position,
      });
    });

    it('pages through dwellings as a Relay connection with a filter', async () => {
      let last = '0';
      for (let i = 0; i < 5; i++) {
        const r = await service.graphql(REGISTER, { input: input({ district: 'Innlandet', bruksenhetsnummer: `H01${String(i + 2).padStart(2, '0')}` }) });
        last = r.body.data.registerDwelling.position;
      }
      const first = await service.graphql(LIST, { first: 2, filter: { district: 'Innlandet' }, atLeast: last });
      expect(first.body.data.dwellings.totalCount).toBe(5);
      expect(first.body.data.dwellings.edges).toHaveLength(2);
      expect(first.body.data.dwellings.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const ids = first.body.data.dwellings.edges.map((e: any) => e.node.id);
      const rest = await service.graphql(LIST, { first: 10, after: first.body.data.dwellings.pageInfo.endCursor, filter: { district: 'Innlandet' } });
      const restIds = rest.body.data.dwellings.edges.map((e: any) => e.node.id);
      expect(restIds).toHaveLength(3);
      expect(restIds.some((id: string) => ids.includes(id))).toBe(false);
      expect(rest.body.data.dwellings.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    });

    it('first: 0 is an empty page with the total; a page size out of range says the same before and during execution', async () => {
      const empty = await service.graphql(LIST, { first: 0, filter: { district: 'Innlandet' } });
      expect(empty.status).toBe(200);
      expect(empty.body.errors).toBeUndefined();
      expect(empty.body.data.dwellings).toMatchObject({ edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: null } });
      expect(empty.body.data.dwellings.totalCount).toBeGreaterThan(0);
      // Below 0: refused before execution by the hardened check; above the list's own 200: by the list.
      const negative = await service.graphql(LIST, { first: -1 });
      expect(negative.status).toBe(400);
      expect(negative.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE', field: 'first' });
      expect(negative.body.errors[0].message).toMatch(/^dwellings\.first: must be a whole number from 0 \(an empty page\) to the list's own maximum/);
      const tooMany = await service.graphql(LIST, { first: 201 });
      expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE', field: 'first' });
      expect(tooMany.body.errors[0].message).toBe('first: must be a whole number from 0 (an empty page) to 200');
    });

    it('refuses a malformed kommunenummer and a negative minBedrooms in the filters, naming the argument', async () => {
      for (const kommunenummer of ['15', '15050', 'Oslo']) {
        const r = await service.graphql(LIST, { filter: { kommunenummer } });
        expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_MUNICIPALITY', field: 'filter.kommunenummer' });
        expect(r.body.errors[0].message).toMatch(/4 digits/);
      }
      const buildings = await service.graphql('{ buildings(filter: { kommunenummer: "15" }) { totalCount } }');
      expect(buildings.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_MUNICIPALITY', field: 'filter.kommunenummer' });
      const summary = await service.graphql('{ portfolioSummary(kommunenummer: "15") { dwellingsInPortfolio } }');
      expect(summary.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_MUNICIPALITY', field: 'kommunenummer' });
      const ledger = await service.graphql('{ portfolioLedger(from: "2024-01-01", to: "2024-12-31", kommunenummer: "15") { __typename } }');
      expect(ledger.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_MUNICIPALITY', field: 'kommunenummer' });
      const negative = await service.graphql(LIST, { filter: { minBedrooms: -3 } });
      expect(negative.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIELD_OUT_OF_RANGE', field: 'filter.minBedrooms' });
      expect(negative.body.errors[0].message).toBe('filter.minBedrooms: must be a whole number, 0 or more');
      // Well-formed values still filter: a kommunenummer with no dwellings is an empty list, 0 bedrooms is every dwelling.
      expect((await service.graphql(LIST, { filter: { kommunenummer: '0301' } })).body.data.dwellings.totalCount).toBe(0);
      expect((await service.graphql(LIST, { filter: { minBedrooms: 0 } })).body.errors).toBeUndefined();
    });

    it('refuses bad input with BAD_USER_INPUT naming the field and the rule, and writes nothing', async () => {
      const head = (await service.graphql('{ logHead }')).body.data.logHead;
      const r = await service.graphql(REGISTER, { input: input({ matrikkel: { kommunenummer: '301', gardsnummer: 1, bruksnummer: 1 } }) });
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_MATRIKKEL', field: 'matrikkel.kommunenummer' });
      expect(r.body.errors[0].message).toMatch(/kommunenummer/);
      const b = await service.graphql(REGISTER, { input: input({ bruksenhetsnummer: 'X0101' }) });
      expect(b.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bruksenhetsnummer' });
      expect((await service.graphql('{ logHead }')).body.data.logHead).toBe(head);
    });

    it('refuses registering the same dwelling twice with CONFLICT', async () => {
      const dwellingId = '01900000-0000-7000-8000-000000000001';
      const first = await service.graphql(REGISTER, { input: input({ dwellingId, bruksenhetsnummer: 'H0201' }) });
      expect(first.body.errors).toBeUndefined();
      const second = await service.graphql(REGISTER, { input: input({ dwellingId, bruksenhetsnummer: 'H0201' }) });
      expect(second.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DWELLING_EXISTS' });
    });

    it("refuses the README's unit a second time, with or without an id and from the property company, naming the dwelling it is", async () => {
      const unit = { matrikkel: { kommunenummer: '1505', gardsnummer: 77, bruksnummer: 345 }, bruksenhetsnummer: 'H0101' };
      const first = await service.graphql(REGISTER, { input: input(unit) });
      expect(first.body.errors).toBeUndefined();
      const id = first.body.data.registerDwelling.dwellingId;
      // The last committed position: logHead is the bound readers may read to, which can stay below the registration just committed.
      const head = (await service.db.pool.query<{ p: string }>('SELECT max(position)::text AS p FROM events')).rows[0]!.p;
      for (const again of [input(unit), input({ ...unit, dwellingId: '01900000-0000-7000-8000-0000000000a1' })]) {
        const r = await service.graphql(REGISTER, { input: again });
        expect(r.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DWELLING_EXISTS', field: 'bruksenhetsnummer' });
        expect(r.body.errors[0].message).toContain(id);
      }
      const pushed = await service.graphql(
        `mutation ($input: PushStockChangesInput!) { pushStockChanges(input: $input) { applied rejected results { status code field reason } } }`,
        { input: { idempotencyKey: 'unit-twice-1', changes: [{ reference: 'EF-UNIT-1', version: 1, kind: 'NEW_DWELLING', newDwelling: input({ ...unit, ownership: 'PROPERTY_COMPANY' }) }] } },
      );
      expect(pushed.body.data.pushStockChanges).toMatchObject({ applied: 0, rejected: 1, results: [{ status: 'REJECTED', code: 'DWELLING_EXISTS', field: 'newDwelling.bruksenhetsnummer' }] });
      expect(pushed.body.data.pushStockChanges.results[0].reason).toContain(id);
      // Nothing but the sync's own stored outcome was written.
      const events = await service.db.pool.query<{ stream_id: string }>(`SELECT stream_id FROM events WHERE position > $1`, [head]);
      expect(events.rows.map((r) => r.stream_id.split('-')[0])).toEqual(['stocksync']);
    });

    it('refuses a registration or an acquisition dated after today, naming the field', async () => {
      const future = await service.graphql(REGISTER, { input: input({ bruksenhetsnummer: 'H0909', registeredOn: '2099-01-01' }) });
      expect(future.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_ORDER', field: 'registeredOn' });
      const acquired = await service.graphql(
        `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId } }`,
        { input: { description: (({ registeredOn: _r, ...d }) => ({ ...d, bruksenhetsnummer: 'H0910' }))(input()), method: 'PURCHASE', acquiredOn: '2099-01-01', price: 2_000_000, financing: { husbankenLoan: 0, ownFunds: 2_000_000 } } },
      );
      expect(acquired.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_ORDER', field: 'acquiredOn' });
    });

    it('answers null for an unknown dwelling and BAD_USER_INPUT for a malformed id', async () => {
      const missing = await service.graphql(DWELLING, { id: '01900000-0000-7000-8000-0000000000ff' });
      expect(missing.body.data.dwelling).toBeNull();
      const bad = await service.graphql(DWELLING, { id: 'not-a-uuid' });
      expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });

    it('follows GraphQL over HTTP: GET for queries only, 400 on a parse error', async () => {
      const get = await fetch(`${service.url}/graphql?query=${encodeURIComponent('{ logHead }')}`, {
        headers: { 'apollo-require-preflight': 'true', ...(await service.authHeaders()) },
      });
      expect(get.status).toBe(200);
      const mutationByGet = await fetch(`${service.url}/graphql?query=${encodeURIComponent('mutation { ping }')}`, {
        headers: { 'apollo-require-preflight': 'true', ...(await service.authHeaders()) },
      });
      expect(mutationByGet.status).toBe(405);
      const parse = await service.graphql('{ dwellings( }');
      expect(parse.status).toBe(400);
      expect(parse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('reports readiness only when the database and projections are up, and shows projection state', async () => {
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'up', projections: 'up' } });
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status).toBe(200);
      const p = await service.graphql('{ projections { name version position error } }');
      expect(p.body.data.projections).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dwellings', error: null }), expect.objectContaining({ name: 'event-chain', error: null })]));
    });

    it('times out a read-your-writes wait with READ_MODEL_TIMEOUT', async () => {
      // The default wait is 5 s; ask for a position far beyond the log head.
      const r = await service.graphql(DWELLING, { id: '01900000-0000-7000-8000-0000000000ff', atLeast: '999999999999999999' });
      expect(r.body.errors[0].extensions.code).toBe('READ_MODEL_TIMEOUT');
    }, 15_000);

    it('answers a refusal over graphql-ws with the same stable code, rule and field as over HTTP', async () => {
      const client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: service.wsConnectionParams() });
      try {
        const result = await new Promise<any>((resolve, reject) => {
          let value: any;
          client.subscribe(
            { query: REGISTER, variables: { input: input({ rooms: 0, bruksenhetsnummer: 'W0101' }) } },
            { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
          );
        });
        const overHttp = await service.graphql(REGISTER, { input: input({ rooms: 0, bruksenhetsnummer: 'W0101' }) });
        expect(overHttp.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(result.errors[0].extensions).toEqual(overHttp.body.errors[0].extensions);
        expect(result.errors[0].message).toBe(overHttp.body.errors[0].message);
      } finally {
        await client.dispose();
      }
    });

    it('publishes dwelling changes to graphql-ws subscribers on /graphql', async () => {
      const client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: service.wsConnectionParams() });
      const received: any[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const unsubscribe = client.subscribe(
          { query: 'subscription { dwellingChanged { dwellingId eventType position } }' },
          {
            next: (value) => {
              received.push(value.data);
              unsubscribe();
              resolve();
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300));
      const created = await service.graphql(REGISTER, { input: input({ bruksenhetsnummer: 'U0101' }) });
      await done;
      await client.dispose();
      expect(received[0].dwellingChanged).toMatchObject({
        dwellingId: created.body.data.registerDwelling.dwellingId,
        eventType: 'DwellingRegistered',
        position: created.body.data.registerDwelling.position,
      });
    });
  });
}
