import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { unitDwellingId } from '../../src/portfolio/import-dwellings/unit-dwelling-id.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

const IMPORT = `mutation Import($csv: String!, $validRowsOnly: Boolean) {
  importDwellings(csv: $csv, validRowsOnly: $validRowsOnly) {
    rows imported alreadyPresent rejectedRows written position
    rowErrors { line column rule code }
  }
}`;
const COUNT = `query Count($atLeast: LogPosition, $filter: DwellingFilter) {
  dwellings(first: 200, filter: $filter, atLeast: $atLeast) { totalCount edges { node { id } } }
}`;
const DWELLING = `query Dwelling($id: ID!, $atLeast: LogPosition) {
  dwelling(id: $id, atLeast: $atLeast) { id bruksenhetsnummer ownership leaseInEndDate status primaryAreaM2 matrikkel { text } }
}`;

const example = readFileSync(join(packageRoot, 'examples', 'dwellings-opening-balance.csv'), 'utf8');
const [header] = example.split('\n');

/** Rows in the example's column order; `postal` and `unit` vary per row so each is a new dwelling. */
function line(gnr: number, unit: string, postal = '6509'): string {
  return `;1505;${gnr};1;;;${unit};Testveien ${gnr};${postal};Kristiansund;Nordlandet;ordinary;2;1;40;1;nei;nei;nei;nei;municipal;;2025-02-01;;;`;
}

for (const kind of testDatabaseKinds()) {
  describe(`opening-balance import over HTTP (${kind})`, () => {
    let service: TestService;
    const logHead = async (): Promise<string> => (await service.graphql('{ logHead }')).body.data.logHead;
    /**
     * The log head once it shows `position`. On a shared PostgreSQL server a reader sees an event only
     * when every older transaction of the server has ended, so the head may lag a moment behind a write.
     */
    const settledHead = async (position: string): Promise<string> => {
      for (const deadline = Date.now() + 10_000; ; ) {
        const head = await logHead();
        if (BigInt(head) >= BigInt(position) || Date.now() > deadline) return head;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    /** Counts the rows of the log directly: "nothing appended" without waiting for visibility. */
    const eventCount = async (): Promise<number> => (await service.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    let exampleImportedAt = '0';
    const events = async (dwellingId: string) => {
      const list = [];
      for await (const e of service.runtime.store.readStream(`dwelling-${dwellingId}`)) list.push(e);
      return list;
    };

    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    it('imports the example file: every row registered, the grants recorded with them', async () => {
      const r = await service.graphql(IMPORT, { csv: example }, { 'x-correlation-id': 'opening-balance-1' });
      expect(r.body.errors).toBeUndefined();
      const payload = r.body.data.importDwellings;
      expect(payload).toMatchObject({ rows: 15, imported: 15, alreadyPresent: 0, rejectedRows: 0, written: true, rowErrors: [] });
      expect(await settledHead(payload.position)).toBe(payload.position);
      expect(await eventCount()).toBe(32); // 15 registrations, 2 grants, and the claim of each of the 15 units
      exampleImportedAt = payload.position;

      const all = await service.graphql(COUNT, { atLeast: payload.position, filter: { kommunenummer: '1505' } });
      expect(all.body.errors).toBeUndefined();
      expect(all.body.data.dwellings.totalCount).toBe(15);

      // The leased-in row (gnr 5, bnr 44, H0301) has no dwelling_id: its id is derived from the unit.
      const leasedInId = unitDwellingId({ kommunenummer: '1505', gardsnummer: 5, bruksnummer: 44, festenummer: null, seksjonsnummer: null }, 'H0301');
      const leasedIn = await service.graphql(DWELLING, { id: leasedInId, atLeast: payload.position });
      expect(leasedIn.body.data.dwelling).toMatchObject({ ownership: 'LEASED_IN', leaseInEndDate: '2027-06-30', status: 'AVAILABLE', matrikkel: { text: '1505-5/44/0/0' } });
      const explicit = await service.graphql(DWELLING, { id: '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11' });
      expect(explicit.body.data.dwelling).toMatchObject({ bruksenhetsnummer: 'L0101', primaryAreaM2: 44.9 });

      // Vågeveien 12 B (gnr 4, bnr 120) came with a grant: both events in one append.
      const withGrant = await events(unitDwellingId({ kommunenummer: '1505', gardsnummer: 4, bruksnummer: 120, festenummer: null, seksjonsnummer: null }, 'H0101'));
      expect(withGrant.map((e) => e.type)).toEqual(['DwellingRegistered', 'RentalHousingGrantRecorded']);
      expect(withGrant[1]!.data).toMatchObject({ grant: { amount: 540000, grantDate: '2012-03-15', writeDownYears: 20 } });
      expect(withGrant[0]!.metadata).toMatchObject({
        actor: 'test-admin',
        role: 'admin',
        correlationId: 'opening-balance-1',
        occurredAt: '2025-01-01T00:00:00.000Z',
      });
      expect(withGrant[1]!.metadata.causationId).toBe(withGrant[0]!.metadata.causationId);
    });

    it('appends nothing when the same file is imported again', async () => {
      const before = await settledHead(exampleImportedAt);
      const count = await eventCount();
      const r = await service.graphql(IMPORT, { csv: example });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.importDwellings).toMatchObject({ rows: 15, imported: 0, alreadyPresent: 15, rejectedRows: 0, written: true, position: null });
      expect(await eventCount()).toBe(count);
      expect(await logHead()).toBe(before);
    });

    it('refuses a dwelling_id that is already the id of another unit, instead of counting it as present', async () => {
      const before = await eventCount();
      const csv = [header, line(931, 'H0101').replace(/^;/, '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11;'), line(932, 'H0101')].join('\n');
      const r = await service.graphql(IMPORT, { csv });
      expect(r.body.data.importDwellings).toMatchObject({ rows: 2, imported: 0, rejectedRows: 1, written: false });
      expect(r.body.data.importDwellings.rowErrors).toEqual([
        {
          line: 2,
          column: 'dwelling_id',
          rule: 'is already the id of another dwelling in the register (1505-3/92/0/0 L0101), not of 1505-931/1/0/0 H0101',
          code: 'DWELLING_ID_IN_USE',
        },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it('writes nothing from a file with an invalid row, and lists every error with line, column and rule', async () => {
      const before = await eventCount();
      const csv = [header, line(901, 'H0101'), line(902, 'H0101', '651'), line(903, 'H0101').replace(';ordinary;2;1;', ';villa;2;3;')].join('\n');
      const r = await service.graphql(IMPORT, { csv });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.importDwellings).toMatchObject({ rows: 3, imported: 0, alreadyPresent: 0, rejectedRows: 2, written: false, position: null });
      expect(r.body.data.importDwellings.rowErrors).toEqual([
        { line: 3, column: 'postal_code', rule: "must be exactly 4 digits, e.g. '0150'", code: 'INVALID_POSTAL_CODE' },
        { line: 4, column: 'dwelling_type', rule: expect.stringMatching(/^must be one of 'ordinary'/), code: 'INVALID_OPTION' },
        { line: 4, column: 'bedrooms', rule: 'must not be more than the number of rooms (2)', code: 'FIELD_OUT_OF_RANGE' },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it('with validRowsOnly writes the valid rows and lists the others', async () => {
      const csv = [header, line(911, 'H0101'), line(912, 'H0101', '651'), line(913, 'H0101'), line(911, 'H0102')].join('\r\n');
      const r = await service.graphql(IMPORT, { csv, validRowsOnly: true });
      expect(r.body.errors).toBeUndefined();
      const payload = r.body.data.importDwellings;
      expect(payload).toMatchObject({ rows: 4, imported: 3, alreadyPresent: 0, rejectedRows: 1, written: true });
      expect(payload.rowErrors).toEqual([expect.objectContaining({ line: 3, column: 'postal_code', code: 'INVALID_POSTAL_CODE' })]);
      const testveien = await service.graphql(COUNT, { atLeast: payload.position, filter: { kommunenummer: '1505', district: 'Nordlandet' } });
      const ids = testveien.body.data.dwellings.edges.map((e: { node: { id: string } }) => e.node.id);
      const unit = (gnr: number, bnr: string) => unitDwellingId({ kommunenummer: '1505', gardsnummer: gnr, bruksnummer: 1, festenummer: null, seksjonsnummer: null }, bnr);
      expect(ids).toEqual(expect.arrayContaining([unit(911, 'H0101'), unit(913, 'H0101'), unit(911, 'H0102')]));
      expect(ids).not.toContain(unit(912, 'H0101'));
    });

    it('with validRowsOnly writes neither of two rows sharing a dwelling_id when one of them has another error too', async () => {
      const disputed = '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9e31';
      const csv = [header, disputed + line(931, 'H0101', '651'), disputed + line(932, 'H0101'), line(933, 'H0101')].join('\n');
      const r = await service.graphql(IMPORT, { csv, validRowsOnly: true });
      expect(r.body.errors).toBeUndefined();
      const payload = r.body.data.importDwellings;
      expect(payload).toMatchObject({ rows: 3, imported: 1, alreadyPresent: 0, rejectedRows: 2, written: true });
      expect(payload.rowErrors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual([
        [2, 'postal_code', 'INVALID_POSTAL_CODE'],
        [2, 'dwelling_id', 'DUPLICATE_DWELLING_ID'],
        [3, 'dwelling_id', 'DUPLICATE_DWELLING_ID'],
      ]);
      expect(await events(disputed)).toEqual([]);
      const imported = await service.graphql(DWELLING, { id: unitDwellingId({ kommunenummer: '1505', gardsnummer: 933, bruksnummer: 1, festenummer: null, seksjonsnummer: null }, 'H0101'), atLeast: payload.position });
      expect(imported.body.data.dwelling).toMatchObject({ bruksenhetsnummer: 'H0101', matrikkel: { text: expect.stringContaining('933') } });
    });

    it('refuses a file that lacks a required column, even with validRowsOnly', async () => {
      const before = await eventCount();
      const csv = [header.replace(';district', ''), line(921, 'H0101').replace(';Nordlandet', '')].join('\n');
      const r = await service.graphql(IMPORT, { csv, validRowsOnly: true });
      expect(r.body.data.importDwellings).toMatchObject({
        written: false,
        imported: 0,
        rowErrors: [{ line: 1, column: 'district', rule: 'is missing from the header; it is a required column', code: 'MISSING_COLUMN' }],
      });
      expect(await eventCount()).toBe(before);
    });

    it('imports a portfolio the size of Kristiansund\'s (600 dwellings) in one request', async () => {
      // About 75 kB of CSV. NB: the HTTP server's JSON body limit is Express's default (100 kB) unless
      // server.ts raises it; the resolver's own limit (20 MB) is tested in opening-balance.resolver.spec.ts.
      const rows = Array.from({ length: 600 }, (_, i) => line(1000 + i, 'H0101'));
      const r = await service.graphql(IMPORT, { csv: [header, ...rows].join('\n') });
      expect(r.status).toBe(200);
      expect(r.body.data.importDwellings).toMatchObject({ rows: 600, imported: 600, written: true });
    }, 120_000);
  });
}
