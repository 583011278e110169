import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { companyDwellingId } from '../../src/portfolio/stock-sync/company-dwelling-id.js';
import type { StockChangeInput } from '../../src/portfolio/stock-sync/stock-change.input.js';
import { toDwellingCommand } from '../../src/portfolio/stock-sync/to-dwelling-command.js';
import { stockSyncStreamId } from '../../src/portfolio/stock-sync/stock-sync-batch.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

const PUSH = `mutation Push($input: PushStockChangesInput!) {
  pushStockChanges(input: $input) {
    idempotencyKey applied duplicates rejected position
    results { index reference version dwellingId status category code reason field position }
  }
}`;
const FEED = `query Feed($first: Int, $after: String) {
  stockChanges(first: $first, after: $after) {
    edges { cursor node { position dwellingId eventType occurredAt recordedAt companyReference companyVersion payload } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const REGISTER = `mutation Register($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`;

const APPLICATION = '01900000-0000-7000-8000-00000000a001';
const LEASE = '01900000-0000-7000-8000-00000000b001';

function newDwelling(overrides: Record<string, unknown> = {}) {
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
    ownership: 'PROPERTY_COMPANY',
    registeredOn: '2024-01-15',
    ...overrides,
  };
}

const assessment = (reference: string, version: number, dwellingId: string, assessedOn = '2025-03-01') => ({
  reference,
  version,
  dwellingId,
  kind: 'CONDITION_ASSESSMENT',
  conditionAssessment: { grade: 'TG2', buildingPart: 'roof', assessor: 'Takst AS', assessedOn, reportReference: `R-${version}` },
});
const renovationStarted = (reference: string, version: number, dwellingId: string) => ({
  reference,
  version,
  dwellingId,
  kind: 'RENOVATION_STARTED',
  renovationStarted: { startedOn: '2025-05-01', scope: 'new roof', expectedCompletionOn: '2025-08-01' },
});

for (const kind of testDatabaseKinds()) {
  describe(`property company sync over HTTP and graphql-ws (${kind})`, () => {
    let service: TestService;
    const push = async (idempotencyKey: string, changes: unknown[]) => service.graphql(PUSH, { input: { idempotencyKey, changes } });
    // The log as stored: count and newest position. (The logHead query lags while any transaction of the
    // database server is open, which other suites on a shared server may cause; the table does not.)
    const head = async (): Promise<string> =>
      JSON.stringify((await service.db.pool.query(`SELECT count(*)::int AS n, max(position)::text AS p FROM events`)).rows[0]);
    const EF100 = companyDwellingId('EF-100');
    const firstBatch = [
      { reference: 'EF-100', version: 1, kind: 'NEW_DWELLING', newDwelling: newDwelling() },
      assessment('EF-100', 2, EF100),
      {
        reference: 'EF-100',
        version: 3,
        dwellingId: EF100,
        kind: 'CORRECTION',
        correction: { correctedOn: '2025-03-02', reason: 'measured again', changes: { primaryAreaM2: 64.0, rooms: 4 } },
      },
    ];
    let firstPayload: any;

    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    it('applies a batch of a new dwelling, a condition assessment and a correction, in order', async () => {
      const r = await push('batch-1', firstBatch);
      expect(r.body.errors).toBeUndefined();
      firstPayload = r.body.data.pushStockChanges;
      expect(firstPayload).toMatchObject({ idempotencyKey: 'batch-1', applied: 3, duplicates: 0, rejected: 0 });
      expect(firstPayload.results.map((x: any) => [x.index, x.reference, x.version, x.dwellingId, x.status, x.code])).toEqual([
        [0, 'EF-100', 1, EF100, 'APPLIED', null],
        [1, 'EF-100', 2, EF100, 'APPLIED', null],
        [2, 'EF-100', 3, EF100, 'APPLIED', null],
      ]);
      const positions = firstPayload.results.map((x: any) => BigInt(x.position));
      expect(positions[0] < positions[1] && positions[1] < positions[2]).toBe(true);
      expect(BigInt(firstPayload.position)).toBeGreaterThan(positions[2]);
      const read = await service.graphql('query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { rooms primaryAreaM2 ownership } }', {
        id: EF100,
        p: firstPayload.position,
      });
      expect(read.body.data.dwelling).toEqual({ rooms: 4, primaryAreaM2: 64, ownership: 'PROPERTY_COMPANY' });
    });

    it('answers a retried batch (same key) with the identical payload and writes nothing', async () => {
      const before = await head();
      const again = await push('batch-1', firstBatch);
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data.pushStockChanges).toEqual(firstPayload);
      expect(await head()).toBe(before);
    });

    it('reports a stale version as REJECTED STALE_VERSION while the next change of the batch is applied', async () => {
      const r = await push('batch-2', [assessment('EF-100', 2, EF100, '2025-03-05'), renovationStarted('EF-100', 4, EF100)]);
      expect(r.body.errors).toBeUndefined();
      const [stale, started] = r.body.data.pushStockChanges.results;
      expect(stale).toMatchObject({ index: 0, status: 'REJECTED', category: 'CONFLICT', code: 'STALE_VERSION', field: 'version', position: null });
      expect(stale.reason).toMatch(/older than version 3/);
      expect(started).toMatchObject({ index: 1, status: 'APPLIED', code: null });
      expect(r.body.data.pushStockChanges).toMatchObject({ applied: 1, duplicates: 0, rejected: 1 });
    });

    it('reports the same version sent again under a new key as DUPLICATE and writes no dwelling event', async () => {
      const before = await service.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [dwellingStreamId(EF100)]);
      const r = await push('batch-3', [renovationStarted('EF-100', 4, EF100)]);
      expect(r.body.data.pushStockChanges.results.map((x: any) => [x.status, x.position])).toEqual([['DUPLICATE', null]]);
      const after = await service.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [dwellingStreamId(EF100)]);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('recognises a new dwelling sent again under a new key as DUPLICATE (our id is derived from the reference)', async () => {
      const change = { reference: 'EF-400', version: 1, kind: 'NEW_DWELLING', newDwelling: newDwelling({ bruksenhetsnummer: 'H0401' }) };
      const first = await push('batch-new-1', [change]);
      expect(first.body.data.pushStockChanges.results[0]).toMatchObject({ status: 'APPLIED', dwellingId: companyDwellingId('EF-400') });
      const again = await push('batch-new-2', [change]);
      expect(again.body.data.pushStockChanges.results[0]).toMatchObject({ status: 'DUPLICATE', dwellingId: companyDwellingId('EF-400') });
    });

    it('refuses the same key with different content: CONFLICT, IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
      const before = await head();
      const r = await push('batch-2', [renovationStarted('EF-100', 5, EF100)]);
      expect(r.body.data).toBeNull();
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' });
      expect(await head()).toBe(before);
    });

    it('rejects a change without exactly the sub-input of its kind, or with an invalid field, naming the field', async () => {
      const r = await push('batch-4', [
        { reference: 'EF-100', version: 6, dwellingId: EF100, kind: 'CORRECTION', conditionAssessment: assessment('EF-100', 6, EF100).conditionAssessment },
        { reference: 'EF-100', version: 6, dwellingId: EF100, kind: 'CORRECTION', correction: { correctedOn: '2025-06-01', reason: 'x', changes: { rooms: 0 } } },
        { reference: 'EF-404', version: 1, dwellingId: '01900000-0000-7000-8000-0000000004f4', kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-01' } },
        { reference: 'EF-999', version: 7, dwellingId: EF100, kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-01' } },
        { reference: 'EF-100', version: 7, kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-01' } },
      ]);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.pushStockChanges.results.map((x: any) => [x.status, x.category, x.code, x.field])).toEqual([
        ['REJECTED', 'BAD_USER_INPUT', 'FIELD_REQUIRED', 'correction'],
        ['REJECTED', 'BAD_USER_INPUT', 'FIELD_OUT_OF_RANGE', 'correction.changes.rooms'],
        ['REJECTED', 'NOT_FOUND', 'DWELLING_NOT_FOUND', 'dwellingId'],
        ['REJECTED', 'CONFLICT', 'COMPANY_REFERENCE_MISMATCH', 'reference'],
        ['REJECTED', 'BAD_USER_INPUT', 'FIELD_REQUIRED', 'dwellingId'],
      ]);
    });

    it('refuses a malformed batch as a whole with BAD_USER_INPUT', async () => {
      const noChanges = await push('batch-5', []);
      expect(noChanges.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.changes' });
      const longKey = await push('k'.repeat(201), [firstBatch[0]]);
      expect(longKey.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    });

    it('processes a batch sent twice at the same moment once: one stored outcome, the same payload to both', async () => {
      const EF200 = companyDwellingId('EF-200');
      const batch = [
        { reference: 'EF-200', version: 1, kind: 'NEW_DWELLING', newDwelling: newDwelling({ bruksenhetsnummer: 'H0201' }) },
        assessment('EF-200', 2, EF200),
      ];
      const [a, b] = await Promise.all([push('batch-concurrent', batch), push('batch-concurrent', batch)]);
      expect(a.body.errors).toBeUndefined();
      expect(b.body.data.pushStockChanges).toEqual(a.body.data.pushStockChanges);
      // The outcome stored is the one of the run that stored first; a change the other run applied
      // a moment before it may be reported as DUPLICATE there. Never REJECTED, never written twice.
      for (const result of a.body.data.pushStockChanges.results) expect(['APPLIED', 'DUPLICATE']).toContain(result.status);
      const stored = await service.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [stockSyncStreamId('batch-concurrent')]);
      expect(stored.rows[0].n).toBe(1);
      const dwellingEvents = await service.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [dwellingStreamId(EF200)]);
      expect(dwellingEvents.rows[0].n).toBe(2);
    });

    it('reports the changes of a batch applied before its outcome was stored as DUPLICATE when it is sent again', async () => {
      const EF500 = companyDwellingId('EF-500');
      const batch = [
        { reference: 'EF-500', version: 1, kind: 'NEW_DWELLING', newDwelling: newDwelling({ bruksenhetsnummer: 'H0501' }) },
        assessment('EF-500', 2, EF500),
        renovationStarted('EF-500', 3, EF500),
      ];
      // The first run applied every change, then failed before StockSyncBatchProcessed was stored.
      const context = { actor: 'property-company', role: 'integration', correlationId: 'crashed-run', occurredAt: '2025-05-01T00:00:00.000Z' };
      for (const change of batch) {
        const { command } = toDwellingCommand(change as unknown as StockChangeInput);
        await service.runtime.executor.execute(dwellingDecider, dwellingStreamId(EF500), command, context);
      }
      const dwellingEvents = async () =>
        (await service.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [dwellingStreamId(EF500)])).rows[0].n;
      expect(await dwellingEvents()).toBe(3);

      const r = await push('batch-crashed', batch);
      expect(r.body.errors).toBeUndefined();
      const payload = r.body.data.pushStockChanges;
      expect(payload).toMatchObject({ applied: 0, duplicates: 3, rejected: 0 });
      expect(payload.results.map((x: any) => [x.version, x.dwellingId, x.status, x.code, x.position])).toEqual([
        [1, EF500, 'DUPLICATE', null, null],
        [2, EF500, 'DUPLICATE', null, null],
        [3, EF500, 'DUPLICATE', null, null],
      ]);
      expect(await dwellingEvents()).toBe(3);
      // The outcome stored is the one returned, and it is what the key answers from now on.
      expect((await push('batch-crashed', batch)).body.data.pushStockChanges).toEqual(payload);
    });

    it("refuses a correction to leased-in of a dwelling with Husbanken's rental-housing grant: REJECTED DWELLING_LEASED_IN", async () => {
      const EF600 = companyDwellingId('EF-600');
      const registered = await push('batch-grant-1', [
        { reference: 'EF-600', version: 1, kind: 'NEW_DWELLING', newDwelling: newDwelling({ bruksenhetsnummer: 'H0601' }) },
      ]);
      expect(registered.body.data.pushStockChanges.results[0]).toMatchObject({ status: 'APPLIED' });
      const grant = await service.graphql(
        'mutation ($id: ID!) { recordRentalHousingGrant(dwellingId: $id, grant: { amount: 500000, grantDate: "2024-02-01", writeDownYears: 30 }) { position } }',
        { id: EF600 },
      );
      expect(grant.body.errors).toBeUndefined();
      const before = await head();
      const r = await push('batch-grant-2', [
        {
          reference: 'EF-600',
          version: 2,
          dwellingId: EF600,
          kind: 'CORRECTION',
          correction: { correctedOn: '2025-04-01', reason: 'leased from a private owner', changes: { ownership: 'LEASED_IN', leaseInEndDate: '2030-12-31' } },
        },
      ]);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.pushStockChanges).toMatchObject({ applied: 0, duplicates: 0, rejected: 1 });
      expect(r.body.data.pushStockChanges.results[0]).toMatchObject({
        status: 'REJECTED',
        category: 'CONFLICT',
        code: 'DWELLING_LEASED_IN',
        field: 'correction.changes.ownership',
        dwellingId: EF600,
        position: null,
      });
      const dwelling = await service.graphql('query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { ownership } }', {
        id: EF600,
        p: r.body.data.pushStockChanges.position,
      });
      expect(dwelling.body.data.dwelling).toEqual({ ownership: 'PROPERTY_COMPANY' });
      // Only the batch's outcome was written, no dwelling event.
      expect(JSON.parse(await head()).n).toBe(JSON.parse(before).n + 1);
    });

    it('tells the company that a let dwelling cannot be renovated now, without naming the lease', async () => {
      const registered = await service.graphql(REGISTER, { input: { ...newDwelling({ bruksenhetsnummer: 'H0301', ownership: 'MUNICIPAL' }), registeredOn: '2024-02-01' } });
      const id = registered.body.data.registerDwelling.dwellingId;
      const context = { actor: 'caseworker-1', role: 'caseworker', correlationId: 'test', occurredAt: '2025-01-01T00:00:00.000Z' };
      await service.runtime.executor.execute(dwellingDecider, dwellingStreamId(id), { type: 'ReserveDwelling', dwellingId: id, applicationId: APPLICATION, reservedOn: '2025-01-01' }, context);
      await service.runtime.executor.execute(dwellingDecider, dwellingStreamId(id), { type: 'MarkLet', dwellingId: id, leaseId: LEASE, applicationId: APPLICATION, letOn: '2025-01-10' }, context);
      const r = await push('batch-let', [renovationStarted('EF-300', 1, id)]);
      const [result] = r.body.data.pushStockChanges.results;
      expect(result).toMatchObject({ status: 'REJECTED', code: 'DWELLING_LET', dwellingId: id });
      expect(result.reason).not.toContain(LEASE);
      expect(result.reason).not.toContain(APPLICATION);
      const stored = await service.db.pool.query(`SELECT data::text AS data FROM events WHERE stream_id = $1`, [stockSyncStreamId('batch-let')]);
      expect(stored.rows[0].data).not.toContain(LEASE);
    });

    it('serves every dwelling event as a change feed, 2 at a time, resumable from a stored cursor', async () => {
      const expected = await service.db.pool.query<{ position: string; type: string }>(
        `SELECT position::text AS position, type FROM events WHERE stream_id LIKE 'dwelling-%' ORDER BY events.position`,
      );
      expect(expected.rows.length).toBeGreaterThan(8);
      const seen: any[] = [];
      const cursors: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await service.graphql(FEED, { first: 2, after });
        expect(page.body.errors).toBeUndefined();
        const { edges, pageInfo } = page.body.data.stockChanges;
        expect(edges.length).toBeLessThanOrEqual(2);
        for (const edge of edges) {
          expect(edge.cursor).toBe(edge.node.position); // the cursor IS the position
          seen.push(edge.node);
          cursors.push(edge.cursor);
        }
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        if (!pageInfo.hasNextPage) break;
        expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
        after = pageInfo.endCursor;
      }
      expect(seen.map((n) => [n.position, n.eventType])).toEqual(expected.rows.map((r) => [r.position, r.type]));

      const stored = cursors[4]!;
      const resumed = await service.graphql(FEED, { first: 1000, after: stored });
      expect(resumed.body.data.stockChanges.edges.map((e: any) => e.node.position)).toEqual(cursors.slice(5));

      const registered = seen.find((n) => n.dwellingId === EF100 && n.eventType === 'DwellingRegistered');
      expect(registered).toMatchObject({ companyReference: 'EF-100', companyVersion: 1, occurredAt: '2024-01-15T00:00:00.000Z' });
      expect(JSON.parse(registered.payload)).toMatchObject({ dwellingId: EF100, bruksenhetsnummer: 'H0101', matrikkel: { kommunenummer: '1505' } });
      const correction = seen.find((n) => n.dwellingId === EF100 && n.eventType === 'DwellingDetailsUpdated');
      expect(JSON.parse(correction.payload)).toMatchObject({ dwellingId: EF100, correctedOn: '2025-03-02', changes: { primaryAreaM2: 64, rooms: 4 } });
      expect(Object.keys(JSON.parse(correction.payload))).toEqual(['dwellingId', 'correctedOn', 'changes']);
    });

    it('never carries an application, a lease or an assessor in the feed', async () => {
      const all = await service.graphql(FEED, { first: 1000 });
      const nodes = all.body.data.stockChanges.edges.map((e: any) => e.node);
      expect(nodes.map((n: any) => n.eventType)).toEqual(expect.arrayContaining(['DwellingReserved', 'DwellingLet', 'ConditionAssessmentRecorded']));
      const text = JSON.stringify(nodes);
      for (const word of ['applicationId', 'leaseId', APPLICATION, LEASE, 'assessor', 'Takst AS']) expect(text).not.toContain(word);
    });

    it('refuses a page size above 1000 and a cursor that is not a position', async () => {
      const big = await service.graphql(FEED, { first: 1001 });
      expect(big.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const bad = await service.graphql(FEED, { after: 'abc' });
      expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'INVALID_CURSOR' });
    });

    describe('over graphql-ws', () => {
      let client: Client;
      beforeAll(() => {
        client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: service.wsConnectionParams() });
      });
      afterAll(() => client.dispose());

      /** The changes received until `last` says the one awaited has arrived. */
      function changesUntil(query: string, variables: Record<string, unknown>, last: (change: any, received: any[]) => boolean): Promise<any[]> {
        return new Promise((resolve, reject) => {
          const received: any[] = [];
          const unsubscribe = client.subscribe(
            { query, variables },
            {
              next: (value) => {
                if (value.errors) return reject(new Error(JSON.stringify(value.errors)));
                received.push((value.data as any).stockChanged);
                if (last(received[received.length - 1], received)) {
                  unsubscribe();
                  resolve(received);
                }
              },
              error: reject,
              complete: () => resolve(received),
            },
          );
        });
      }
      const SUBSCRIBE = 'subscription ($after: String) { stockChanged(after: $after) { position dwellingId eventType companyReference companyVersion payload } }';

      it('delivers a pushed change live', async () => {
        // Starts at the log head; on a busy server the head may lag a moment, so earlier changes may come first.
        const live = changesUntil(SUBSCRIBE, {}, (c) => c.companyVersion === 8);
        await new Promise((r) => setTimeout(r, 300));
        const r = await push('batch-live', [assessment('EF-100', 8, EF100, '2025-09-01')]);
        const change = (await live).pop();
        expect(change).toMatchObject({
          position: r.body.data.pushStockChanges.results[0].position,
          dwellingId: EF100,
          eventType: 'ConditionAssessmentRecorded',
          companyReference: 'EF-100',
          companyVersion: 8,
        });
        expect(JSON.parse(change.payload)).toEqual({ dwellingId: EF100, grade: 'TG2', buildingPart: 'roof', assessedOn: '2025-09-01', reportReference: 'R-8' });
      });

      it('resumes from a cursor without a gap: first the stored changes after it, then live ones', async () => {
        const feed = await service.graphql(FEED, { first: 1000 });
        const edges = feed.body.data.stockChanges.edges;
        const cursor = edges[edges.length - 3].cursor;
        const expected = edges.slice(-2).map((e: any) => e.node.position);
        const resumed = changesUntil(SUBSCRIBE, { after: cursor }, (_, received) => received.length === 3);
        await new Promise((r) => setTimeout(r, 300));
        const r = await push('batch-resume', [assessment('EF-100', 9, EF100, '2025-10-01')]);
        const changes = await resumed;
        expect(changes.map((c) => c.position)).toEqual([...expected, r.body.data.pushStockChanges.results[0].position]);
      });
    });
  });
}
