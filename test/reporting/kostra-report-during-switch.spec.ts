import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { computeKostraReport } from '../../src/reporting/compute-kostra-report.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, realPostgresAvailable, type TestDatabase } from '../support/test-database.js';
import { KostraScenario } from './kostra-scenario.js';

// A report waiting on a switch needs a second server session: real PostgreSQL only (PGlite runs one
// transaction at a time, so a report there cannot start inside a switch).
const describeOnServer = realPostgresAvailable() ? describe : describe.skip;

describeOnServer('a KOSTRA report that meets a rebuild switching in (real PostgreSQL)', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let position: bigint;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 6);
    runtime = await openRuntime(
      loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20', REPORT_SCHEDULE: 'off' }),
      createLogger('silent'),
    );
    await runtime.runner.start();
    position = await new KostraScenario(runtime).build();
  }, 120_000);
  afterAll(async () => {
    await runtime.close();
    await db.drop();
  });

  it('waits for the switch and reads what it committed, not the new tables under an older snapshot', async () => {
    const request = { year: 2025, municipality: '1505', position, applicantMunicipality: '1505' };
    const before = await computeKostraReport(runtime.pool, request);
    expect(before.stock.total).toBeGreaterThan(0);
    const { rows } = await runtime.pool.query<{ table: string }>(
      `SELECT table_name AS table FROM information_schema.view_table_usage WHERE view_name = 'rpt_dwellings' AND view_schema = current_schema()`,
    );
    const table = rows[0]!.table;
    // What a switch does to the view, with a change to the rows behind it in the same transaction.
    const switching = await runtime.pool.connect();
    try {
      await switching.query('BEGIN');
      await switching.query(`DELETE FROM ${table}`);
      await switching.query('DROP VIEW rpt_dwellings');
      await switching.query(`CREATE VIEW rpt_dwellings AS SELECT * FROM ${table}`);
      const during = computeKostraReport(runtime.pool, request);
      await new Promise((r) => setTimeout(r, 300));
      await switching.query('COMMIT');
      // Before the report locked its views first, it read the table with a snapshot from before the
      // commit and still counted every dwelling.
      expect((await during).stock.total).toBe(0);
    } finally {
      switching.release();
    }
  });
});
