import { readFile } from 'node:fs/promises';
import { importLeasesFromCli } from '../../src/cli/import-leases.command.js';
import { loadConfig } from '../../src/config/config.js';
import { householdTenancyStreamId } from '../../src/leases/household-tenancy-stream.js';
import { importLeases } from '../../src/leases/import-leases/import-leases.js';
import { createLogger } from '../../src/observability/logger.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { importDwellings } from '../../src/portfolio/import-dwellings/import-dwellings.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const context = { actor: 'cli:test', role: 'admin', correlationId: '0190c1a2-0000-7000-8000-000000000001' };
const header =
  'lease_id;dwelling_id;kommunenummer;gardsnummer;bruksnummer;festenummer;seksjonsnummer;bruksenhetsnummer;household_id;member_ids;contract_type;signed_on;start_date;end_date;term_legal_basis;monthly_rent;security_kind;security_amount;guarantor;guarantee_reference';

for (const kind of testDatabaseKinds()) {
  describe(`lease opening-balance import on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let leasesCsv: string;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), createLogger('silent'));
      const dwellings = await readFile('examples/dwellings-opening-balance.csv', 'utf8');
      const imported = await importDwellings(runtime.executor, dwellings, { validRowsOnly: false, context });
      expect(imported.written).toBe(true);
      leasesCsv = await readFile('examples/leases-opening-balance.csv', 'utf8');
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    const options = { validRowsOnly: false, context, importReference: 'leases.csv' };
    const rowsOf = (csv: string) => csv.trim().split('\n').slice(1);

    it('refuses a file with a bad row and writes nothing, naming line, column and rule', async () => {
      const [first, second] = rowsOf(leasesCsv);
      const bad = second!.replace(';8700;', ';8.700,50;');
      const result = await importLeases(runtime.store, runtime.config, [header, first, bad].join('\n'), options);
      expect(result).toMatchObject({ rows: 2, imported: 0, rejectedRows: 1, written: false });
      expect(result.rejected).toEqual([{ line: 3, column: 'monthly_rent', rule: 'must be a whole number of NOK, e.g. 9500', code: 'INVALID_AMOUNT' }]);
      const events = [];
      for await (const e of runtime.store.readAll({ filter: { eventTypes: ['LeaseSigned', 'TenancyStarted', 'DwellingLet'] } })) events.push(e);
      expect(events).toHaveLength(0);
    });

    it('reports the lease rules per row: an ordinary lease shorter than 3 years, the same household twice', async () => {
      const [first, second] = rowsOf(leasesCsv);
      const tooShort = first!.replace(';2026-03-01;', ';2024-03-01;');
      const sameHousehold = second!.replace('5b0e6f1c-2d4a-4c1e-9a7b-1f0a2b3c4d11', '5b0e6f1c-2d4a-4c1e-9a7b-1f0a2b3c4d01');
      const result = await importLeases(runtime.store, runtime.config, [header, tooShort, first, sameHousehold].join('\n'), options);
      expect(result.written).toBe(false);
      expect(result.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
        [2, 'end_date', 'ORDINARY_TERM_TOO_SHORT'],
        [4, 'household_id', 'DUPLICATE_HOUSEHOLD'],
      ]);
    });

    it('imports the example file: each dwelling let, each household with its tenancy; a second import writes nothing', async () => {
      const lines: string[] = [];
      expect(await importLeasesFromCli(runtime, 'examples/leases-opening-balance.csv', leasesCsv, {}, (l) => lines.push(l))).toBe(0);
      expect(lines.join('\n')).toContain('imported:        6');
      const again = await importLeases(runtime.store, runtime.config, leasesCsv, options);
      expect(again).toMatchObject({ rows: 6, imported: 0, alreadyPresent: 6, rejectedRows: 0, written: true, position: null });
      const { state } = await runtime.executor.load(dwellingDecider, dwellingStreamId('0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11'));
      expect(state.status).toBe('let');
      const tenancy = [];
      for await (const e of runtime.store.readStream(householdTenancyStreamId('5b0e6f1c-2d4a-4c1e-9a7b-1f0a2b3c4d41'))) tenancy.push(e.type);
      expect(tenancy).toEqual(['TenancyStarted']);
    });

    it('refuses a lease on a dwelling already let, against the log', async () => {
      const [first] = rowsOf(leasesCsv);
      const other = first!.replace(';2023-03-01;2026-03-01;', ';2023-04-01;2026-04-01;').replace('4d01;', '4d99;');
      const result = await importLeases(runtime.store, runtime.config, [header, other].join('\n'), options);
      expect(result.written).toBe(false);
      expect(result.rejected[0]).toMatchObject({ line: 2, column: 'dwelling_id', code: 'DWELLING_LET' });
    });

    it('a row whose lease_id is not a UUID is rejected, and with validRowsOnly only the other rows are written', async () => {
      const badHousehold = '5b0e6f1c-2d4a-4c1e-9a7b-1f0a2b3c4e01';
      const goodHousehold = '5b0e6f1c-2d4a-4c1e-9a7b-1f0a2b3c4e11';
      const badLeaseId = `abc;;1505;1;412;;;H0201;${badHousehold};;ordinary;2023-02-15;2023-03-01;2026-03-01;;9200;none;;;`;
      const good = `;;1505;31;215;;;H0102;${goodHousehold};;ordinary;2023-02-15;2023-03-01;2026-03-01;;9200;none;;;`;
      const result = await importLeases(runtime.store, runtime.config, [header, badLeaseId, good].join('\n'), { ...options, validRowsOnly: true });
      expect(result).toMatchObject({ rows: 2, imported: 1, rejectedRows: 1, written: true });
      expect(result.rejected).toEqual([{ line: 2, column: 'lease_id', rule: 'must be a UUID', code: 'INVALID_ID' }]);
      const signedFor: string[] = [];
      for await (const e of runtime.store.readAll({ filter: { eventTypes: ['LeaseSigned'] } })) signedFor.push((e.data as { householdId: string }).householdId);
      expect(signedFor).toContain(goodHousehold);
      expect(signedFor).not.toContain(badHousehold);
      const tenancy = [];
      for await (const e of runtime.store.readStream(householdTenancyStreamId(badHousehold))) tenancy.push(e.type);
      expect(tenancy).toEqual([]);
    });
  });
}
