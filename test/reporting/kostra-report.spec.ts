import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { kostraReportsFor } from '../../src/reporting/reporting.module.js';
import type { KostraReports } from '../../src/reporting/kostra-reports.js';
import { AnnualKostraReportJob } from '../../src/reporting/annual-kostra-report.job.js';
import { canonicalJson, sha256Hex } from '../../src/reporting/canonical-json.js';
import { kostraReportCsv } from '../../src/reporting/kostra-report.csv.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { KostraScenario, expected2025, expectedBackdated } from './kostra-scenario.js';

for (const kind of testDatabaseKinds()) {
  describe(`KOSTRA form 13 report on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let reports: KostraReports;
    let scenario: KostraScenario;
    let firstPosition: bigint;

    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(
        loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '13', PROJECTION_POLL_INTERVAL_MS: '20', REPORT_SCHEDULE: 'off' }),
        createLogger('silent'),
      );
      await runtime.runner.start();
      reports = kostraReportsFor(runtime);
      scenario = new KostraScenario(runtime);
      firstPosition = await scenario.build();
    }, 120_000);
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('gives the hand-worked answer for every figure of 2025 in 1505', async () => {
      const { report } = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      expect(report).toEqual({
        report: 'KOSTRA-13',
        formatVersion: 2,
        year: 2025,
        municipality: '1505',
        referenceDate: '2025-12-31',
        position: firstPosition.toString(),
        applicantMunicipality: '1505',
        ...expected2025,
      });
    });

    it('defaults the municipality to the one most registered dwellings are in, and the position to the log head', async () => {
      const { report } = await reports.compute({ year: 2025 });
      expect(report.municipality).toBe('1505');
      // The head when the report was asked for: at least the scenario's last event, at most the head now.
      expect(BigInt(report.position)).toBeGreaterThanOrEqual(firstPosition);
      expect(BigInt(report.position)).toBeLessThanOrEqual(await runtime.store.headPosition());
    });

    it('attributes dwelling-bound figures by kommunenummer, and leaves application figures out for another municipality', async () => {
      const { report } = await reports.compute({ year: 2025, municipality: '5001', position: firstPosition });
      expect(report.stock).toEqual({
        total: 1, municipallyOwned: 1, privatelyOwnedWithAllocationRight: 0, wheelchairAccessible: 0, wheelchairAccessibleSharePercent: 0,
        enteredDuringYear: 0, soldDuringYear: 0, leaseInsEndedDuringYear: 0,
      });
      expect(report.moveIns).toEqual({ newlyMovedInHouseholds: 1, refugees: 0, substanceAbuseOrMentalIllness: 0, movesWithinStock: 0 });
      // L9, guaranteed by the municipality, is 5001's only lease.
      expect(report.contracts).toEqual({
        leasesInForce: 1, shortTerm: 0, temporaryHousing: 0,
        security: { deposit: 0, guarantee: { leases: 1, nav: 0, municipality: 1, private: 0 }, none: 0 },
      });
      expect(report.applications.newReceived).toBeNull();
      expect(report.waitingList.total).toBeNull();
      expect(report.husbanken.outstandingGrantBalance).toBe(0);
    });

    it('counts each year on its own dates: 2024 still has D4 leased in and D6 owned; 2026 has the January move-in', async () => {
      const { report } = await reports.compute({ year: 2024, municipality: '1505', position: firstPosition });
      // D1 D2 D4 D5 D6 D7 D8 at the end of 2024.
      expect(report.stock.total).toBe(7);
      expect(report.stock.privatelyOwnedWithAllocationRight).toBe(2);
      expect(report.waitingList.total).toBe(2); // A6 (approved 01.12.2024) and A11 (approved 2023, expired only in 2025)
      // In force at the end of 2024: L4 (short-term, NAV guarantee; ended 2025), L6a (deposit; transferred 2025), L0 (none; ended 2025).
      expect(report.contracts).toEqual({
        leasesInForce: 3, shortTerm: 1, temporaryHousing: 0,
        security: { deposit: 1, guarantee: { leases: 1, nav: 1, municipality: 0, private: 0 }, none: 1 },
      });
      // The household allocated on 31.12.2025 who moves in on 05.01.2026 is a 2026 move-in.
      const next = await reports.compute({ year: 2026, municipality: '1505', position: firstPosition });
      expect(next.report.moveIns.newlyMovedInHouseholds).toBe(1);
      expect(next.report.stock.total).toBe(7); // D9 acquired 15.01.2026 joins the six of 2025
      // The four of 2025 (L2's term ran out on 31.12.2026 without a LeaseEnded: still in force) and L12 (deposit) from 05.01.2026.
      expect(next.report.contracts).toEqual({
        leasesInForce: 5, shortTerm: 1, temporaryHousing: 1,
        security: { deposit: 2, guarantee: { leases: 2, nav: 1, municipality: 0, private: 1 }, none: 1 },
      });
    });

    it('is reproducible: the same position gives the same bytes and hash; later events do not change it', async () => {
      const first = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      const again = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      expect(again.content).toBe(first.content);
      expect(again.hash).toBe(first.hash);
      expect(first.hash).toBe(sha256Hex(first.content));
      expect(first.content).toBe(JSON.stringify(JSON.parse(first.content))); // no whitespace
      expect(Object.keys(JSON.parse(first.content))).toEqual([...Object.keys(JSON.parse(first.content))].sort());

      const laterPosition = await scenario.lateEvents();
      const later = await reports.compute({ year: 2025, municipality: '1505', position: laterPosition });
      // A3's withdrawal dated 01.12.2025, recorded late: off the waiting list as of the later position.
      expect(later.report.waitingList).toEqual({ total: 2, needingAdaptedDwelling: 1, substanceAbuseOrMentalIllness: 1, other: 1, swapRequestsWaiting: 1 });
      // A10's reversal is dated 2026: its 2025 refusal still counts.
      expect(later.report.applications.newRefused).toBe(2);

      const recomputed = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      expect(recomputed.content).toBe(first.content);
      expect(recomputed.hash).toBe(first.hash);
    });

    it('gives the same report after the reporting facts are rebuilt from the log', async () => {
      const before = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      const comparison = await runtime.runner.verifyAgainstShadow('reporting-facts');
      expect(comparison.identical).toBe(true);
      expect(comparison.tables.every((t) => t.identical)).toBe(true);
      await runtime.runner.requestRebuild('reporting-facts');
      await waitUntil(async () => (await runtime.runner.status()).find((s) => s.name === 'reporting-facts')!.building === null);
      const after = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      expect(after.content).toBe(before.content);
    });

    it('stores a report once per year, municipality and position, and lists what is stored', async () => {
      const stored = await reports.generate({ year: 2025, municipality: '1505', position: firstPosition }, 'test-user');
      expect(stored.alreadyStored).toBe(false);
      const computed = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      expect(stored.hash).toBe(computed.hash);
      const again = await reports.generate({ year: 2025, municipality: '1505', position: firstPosition }, 'someone-else');
      expect(again).toMatchObject({ alreadyStored: true, reportId: stored.reportId, hash: stored.hash, createdBy: 'test-user' });
      const fetched = await reports.get(stored.reportId);
      expect(fetched.content).toBe(computed.content);
      const { rows, total } = await reports.list({ year: 2025, limit: 10 });
      expect(total).toBe(1);
      expect(rows[0]!.reportId).toBe(stored.reportId);
    });

    it('writes the figures as CSV in a fixed order, with the content hash', async () => {
      const { report, hash } = await reports.compute({ year: 2025, municipality: '1505', position: firstPosition });
      const csv = kostraReportCsv(report, hash);
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).toBe('figure,value');
      expect(lines).toContain('stock.total,6');
      expect(lines).toContain('stock.wheelchair_accessible_share_percent,66.7');
      expect(lines).toContain('husbanken.outstanding_grant_balance,906667');
      expect(lines).toContain('waiting_list.other,2');
      const security = lines.filter((l) => l.startsWith('contracts.'));
      expect(security).toEqual([
        'contracts.leases_in_force,4',
        'contracts.short_term,1',
        'contracts.temporary_housing,1',
        'contracts.security.deposit,1',
        'contracts.security.guarantee.leases,2',
        'contracts.security.guarantee.nav,1',
        'contracts.security.guarantee.municipality,0',
        'contracts.security.guarantee.private,1',
        'contracts.security.none,1',
      ]);
      expect(lines[lines.length - 1]).toBe(`content_sha256,${hash}`);
    });

    it('reads a report stored in format 1 (before the security was counted) exactly as stored, and never overwrites it', async () => {
      // What the code before format 2 computed and stored for 2023 at this position: the same figures, without contracts.security.
      const { report } = await reports.compute({ year: 2023, municipality: '1505', position: firstPosition });
      const { security: _security, ...contracts } = report.contracts;
      const format1 = { ...report, formatVersion: 1, contracts };
      const content = canonicalJson(format1);
      const hash = sha256Hex(content);
      const reportId = uuidv7();
      await runtime.pool.query(
        `INSERT INTO kostra_reports (report_id, year, municipality, position, hash, content, created_by) VALUES ($1, 2023, '1505', $2, $3, $4, 'before-format-2')`,
        [reportId, firstPosition.toString(), hash, content],
      );

      const stored = await reports.get(reportId);
      expect(stored).toMatchObject({ content, hash, report: format1 });
      expect(stored.report.contracts).not.toHaveProperty('security');
      // Its CSV has the rows of format 1: no security rows.
      const csv = kostraReportCsv(stored.report, stored.hash).trimEnd().split('\n');
      expect(csv.filter((l) => l.startsWith('contracts.'))).toEqual(['contracts.leases_in_force,2', 'contracts.short_term,0', 'contracts.temporary_housing,0']);
      expect(csv).toContain('format_version,1');

      // Generating the same year, municipality and position now gives other bytes: refused, the stored report is kept as it was.
      await expect(reports.generate({ year: 2023, municipality: '1505', position: firstPosition }, 'test-user')).rejects.toMatchObject({ code: 'STORED_REPORT_DIFFERS' });
      const kept = await runtime.pool.query<{ content: string; hash: string; n: number }>(
        `SELECT min(content) AS content, min(hash) AS hash, count(*)::int AS n FROM kostra_reports WHERE year = 2023`,
      );
      expect(kept.rows[0]).toEqual({ content, hash, n: 1 });
    });

    it('refuses bad input naming the field and the rule, and stores nothing', async () => {
      const count = async () => (await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kostra_reports')).rows[0]!.n;
      const before = await count();
      await expect(reports.generate({ year: 1800 }, 'x')).rejects.toMatchObject({ code: 'INVALID_YEAR', field: 'year' });
      await expect(reports.generate({ year: 2025, municipality: '150' }, 'x')).rejects.toMatchObject({ code: 'INVALID_MUNICIPALITY', field: 'municipality' });
      const head = await runtime.store.headPosition();
      await expect(reports.generate({ year: 2025, position: head + 1n }, 'x')).rejects.toMatchObject({ code: 'POSITION_AFTER_HEAD', field: 'atPosition' });
      expect(await count()).toBe(before);
    });

    it('the yearly job produces the previous year once, whichever process runs it', async () => {
      const job = new AnnualKostraReportJob(runtime.pool, reports, createLogger('silent'), { cron: '0 3 2 1 *', timezone: 'Europe/Oslo' });
      expect(job.nextRun(new Date('2026-01-01T12:00:00Z'))!.toISOString()).toBe('2026-01-02T02:00:00.000Z');

      // Another process holds the job's lock: this one skips. (PGlite has one backend for all
      // connections, so locks never conflict there; the embedded database serves one process anyway.)
      if (kind === 'postgres') {
        const other = await db.newPool(1).connect();
        try {
          await other.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':boligbok:annual-kostra-report'))`);
          expect(await job.runOnce(new Date('2026-01-02T02:00:00Z'))).toEqual({ status: 'skipped-locked', year: 2025 });
        } finally {
          await other.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':boligbok:annual-kostra-report'))`);
          other.release();
        }
      }

      // 03:00 on 2 January in Oslo: the 2025 report.
      const outcome = await job.runOnce(new Date('2026-01-02T02:00:00Z'));
      expect(outcome).toMatchObject({ status: 'stored', year: 2025, municipality: '1505' });
      const stored = await reports.get((outcome as { reportId: string }).reportId);
      expect(stored.createdBy).toBe('scheduler');
      expect(stored.report.year).toBe(2025);
      expect(await job.runOnce(new Date('2026-01-02T02:00:05Z'))).toMatchObject({ status: 'already-produced', reportId: stored.reportId });

      // 00:30 on 1 January Oslo time is still 31 December in UTC: the year is read in the schedule's zone.
      const y = await job.runOnce(new Date('2026-12-31T23:30:00Z'));
      expect(y).toMatchObject({ status: 'stored', year: 2026 });
    });

    it('takes the description on 31.12 from the corrections dated by then, even when a later-dated correction was recorded first', async () => {
      const position = await scenario.backdatedCorrections();
      const stock = async (year: number, municipality: string) => (await reports.compute({ year, municipality, position })).report.stock;
      // 2025: D11 keeps its wheelchair access and D12 its municipality, whatever the 2026 corrections say.
      expect(await stock(2025, '5001')).toEqual(expectedBackdated.stock2025In5001);
      expect(await stock(2025, '1505')).toEqual(expected2025.stock);
      // 2026: both corrections of each dwelling apply, the one recorded later as well.
      expect(await stock(2026, '5001')).toEqual(expectedBackdated.stock2026In5001);
      expect((await stock(2026, '1505')).total).toBe(expectedBackdated.stockTotal2026In1505);
      // The same after a rebuild of the reporting facts from the log.
      await runtime.runner.requestRebuild('reporting-facts');
      await waitUntil(async () => (await runtime.runner.status()).find((s) => s.name === 'reporting-facts')!.building === null);
      expect(await stock(2025, '5001')).toEqual(expectedBackdated.stock2025In5001);
      expect(await stock(2026, '5001')).toEqual(expectedBackdated.stock2026In5001);
    });
  });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
