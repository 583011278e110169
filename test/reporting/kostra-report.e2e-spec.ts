import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { packageRoot } from '../../src/package-root.js';
import { canonicalJson, sha256Hex } from '../../src/reporting/canonical-json.js';
import { kostraReportsFor } from '../../src/reporting/reporting.module.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { KostraScenario, expected2025 } from './kostra-scenario.js';


/** The built command line as a separate process (asynchronously: the embedded test database is served by this process). */
function boligbok(db: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(packageRoot, 'bin', 'boligbok.js'), ...args],
      { cwd: packageRoot, env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent', REPORT_SCHEDULE: 'off' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function ensureBuilt(): Promise<void> {
  const built = join(packageRoot, 'dist', 'cli', 'report.command.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0)));
  if (builtAt > 0 && newest(join(packageRoot, 'src')) <= builtAt) return Promise.resolve();
  return new Promise((resolve) => {
    execFile(process.execPath, [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: packageRoot }, () => resolve());
  });
}

const REPORT = `query ($year: Int!, $m: String, $p: LogPosition) {
  kostraReport(year: $year, municipality: $m, atPosition: $p) {
    year municipality referenceDate position applicantMunicipality hash content csv
    stock { total municipallyOwned privatelyOwnedWithAllocationRight wheelchairAccessible wheelchairAccessibleSharePercent enteredDuringYear soldDuringYear leaseInsEndedDuringYear }
    applications { newReceived newRefused swapOrExtensionReceived swapOrExtensionRefused refusalsReversedOnAppeal }
    moveIns { newlyMovedInHouseholds refugees substanceAbuseOrMentalIllness movesWithinStock }
    waitingList { total needingAdaptedDwelling substanceAbuseOrMentalIllness other swapRequestsWaiting }
    contracts { leasesInForce shortTerm temporaryHousing security { deposit guarantee { leases nav municipality private } none } }
    husbanken {
      acquiredWithGrant { dwellings grantAmount } grantsGivenDuringYear { grants amount }
      sold { dwellings withRepayment repaymentAmount withHusbankenConsent toSittingTenant }
      outstandingGrantBalance tenantsIntoOwnership { households boughtRentedDwelling boughtOnMarket }
      startlan { loans amount } evictions
    }
  }
}`;
const GENERATE = `mutation ($input: GenerateKostraReportInput!) {
  generateKostraReport(input: $input) { id createdBy alreadyStored report { position hash content } }
}`;
const STORED_CONTRACTS = `query ($id: ID!) {
  storedReport(id: $id) { id report { hash content contracts { leasesInForce shortTerm temporaryHousing security { deposit none } } } }
}`;
const STORED = `query { storedReports(first: 10) { totalCount edges { cursor node { id report { year municipality hash } } } pageInfo { hasNextPage } } }`;

for (const kind of testDatabaseKinds()) {
  describe(`KOSTRA report over GraphQL and the command line (${kind})`, () => {
    let service: TestService;
    let position: bigint;

    beforeAll(async () => {
      await ensureBuilt();
      service = await startTestService(kind);
      position = await new KostraScenario(service.runtime).build();
    }, 180_000);
    afterAll(async () => {
      await service.stop();
    });

    it('kostraReport computes every figure with its content hash, without storing', async () => {
      const r = await service.graphql(REPORT, { year: 2025, m: '1505', p: position.toString() });
      expect(r.body.errors).toBeUndefined();
      const report = r.body.data.kostraReport;
      const { hash, content, csv, ...figures } = report;
      expect(figures).toEqual({
        year: 2025, municipality: '1505', referenceDate: '2025-12-31', position: position.toString(), applicantMunicipality: '1505', ...expected2025,
      });
      expect(createHash('sha256').update(content).digest('hex')).toBe(hash);
      expect(csv.endsWith(`content_sha256,${hash}\n`)).toBe(true);
      expect((await service.graphql(STORED)).body.data.storedReports.totalCount).toBe(0);
    });

    it('generateKostraReport stores once per position and storedReports lists it', async () => {
      const first = await service.graphqlAs('reporting', GENERATE, { input: { year: 2025, atPosition: position.toString() } });
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.generateKostraReport).toMatchObject({ createdBy: expect.any(String), alreadyStored: false, report: { position: position.toString() } });
      const again = await service.graphql(GENERATE, { input: { year: 2025, atPosition: position.toString() } });
      expect(again.body.data.generateKostraReport).toMatchObject({ id: first.body.data.generateKostraReport.id, alreadyStored: true });
      const list = await service.graphqlAs('auditor', STORED);
      const refused = await service.graphqlAs('property-company', STORED);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(list.body.data.storedReports.totalCount).toBe(1);
      expect(list.body.data.storedReports.edges[0].node).toEqual({
        id: first.body.data.generateKostraReport.id,
        report: { year: 2025, municipality: '1505', hash: first.body.data.generateKostraReport.report.hash },
      });
    });

    it('storedReport reads a report stored in format 1 as it was stored, its security null', async () => {
      // What was stored before format 2: the 2025 figures without contracts.security.
      const { report } = await kostraReportsFor(service.runtime).compute({ year: 2025, municipality: '1505', position });
      const { security: _security, ...contracts } = report.contracts;
      const content = canonicalJson({ ...report, formatVersion: 1, contracts });
      const hash = sha256Hex(content);
      const id = uuidv7();
      await service.runtime.pool.query(
        `INSERT INTO kostra_reports (report_id, year, municipality, position, hash, content, created_by) VALUES ($1, 2025, '1505', $2, $3, $4, 'before-format-2')`,
        [id, (position - 1n).toString(), hash, content],
      );
      const r = await service.graphql(STORED_CONTRACTS, { id });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.storedReport).toEqual({ id, report: { hash, content, contracts: { leasesInForce: 4, shortTerm: 1, temporaryHousing: 1, security: null } } });
      await service.runtime.pool.query(`DELETE FROM kostra_reports WHERE report_id = $1`, [id]);
    });

    it('refuses bad input with the field and the rule', async () => {
      const r = await service.graphql(REPORT, { year: 1800 });
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_YEAR', field: 'year' });
      const m = await service.graphql(GENERATE, { input: { year: 2025, municipality: 'Oslo' } });
      expect(m.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_MUNICIPALITY', field: 'municipality' });
      expect((await service.graphql(STORED)).body.data.storedReports.totalCount).toBe(1);
    });

    it('`boligbok report kostra` prints exactly the hashed bytes, the same on every run at one position', async () => {
      const a = await boligbok(service.db, 'report', 'kostra', '--year', '2025', '--position', position.toString());
      expect(a.code).toBe(0);
      const hash = createHash('sha256').update(a.stdout).digest('hex');
      expect(a.stderr).toContain(`at position ${position}: sha256 ${hash}`);
      const report = JSON.parse(a.stdout);
      expect(report.stock).toEqual(expected2025.stock);
      expect(report.husbanken).toEqual(expected2025.husbanken);
      const b = await boligbok(service.db, 'report', 'kostra', '--year', '2025', '--position', position.toString(), '--municipality', '1505');
      expect(b.stdout).toBe(a.stdout);

      const csv = await boligbok(service.db, 'report', 'kostra', '--year', '2025', '--position', position.toString(), '--format', 'csv');
      expect(csv.code).toBe(0);
      expect(csv.stdout.split('\n')).toEqual(expect.arrayContaining(['figure,value', 'stock.total,6', 'waiting_list.total,3', `content_sha256,${hash}`]));
    }, 240_000);

    it('`--store`, `report list` and `report show` keep and find the stored report', async () => {
      const stored = await boligbok(service.db, 'report', 'kostra', '--year', '2024', '--position', position.toString(), '--store');
      expect(stored.code).toBe(0);
      const id = /stored as ([0-9a-f-]{36})/.exec(stored.stderr)![1]!;
      const list = await boligbok(service.db, 'report', 'list', '--json');
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.id)).toContain(id);
      expect(lines.find((l) => l.id === id)).toMatchObject({ year: 2024, municipality: '1505', createdBy: expect.stringMatching(/^cli:/) });
      const show = await boligbok(service.db, 'report', 'show', id);
      expect(show.stdout).toBe(stored.stdout);
    }, 240_000);

    it('refuses a malformed year on the command line with exit code 1 and a message naming the option', async () => {
      const r = await boligbok(service.db, 'report', 'kostra', '--year', '20x5');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--year: must be a year such as 2025');
    }, 120_000);
  });
}
