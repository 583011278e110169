import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { reportingFactsProjection } from '../../src/reporting/reporting-facts.projection.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { applyInBatches, eventsFor, tableText } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { KostraScenario } from './kostra-scenario.js';

for (const kind of testDatabaseKinds()) {
  describe(`reporting facts projection on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let events: RecordedEvent[];

    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      // The runner is not started: the test applies the scenario's events itself.
      runtime = await openRuntime(
        loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20', REPORT_SCHEDULE: 'off' }),
        createLogger('silent'),
      );
      const scenario = new KostraScenario(runtime);
      await scenario.build();
      // Corrections recorded out of date order: a backdated correction re-derives the later-dated versions.
      await scenario.backdatedCorrections();
      events = await eventsFor(runtime.store, reportingFactsProjection);
    }, 120_000);
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('builds the same facts whether the events come in one batch, one by one or in small batches', async () => {
      // The KOSTRA scenario changes facts after they were made (sales, lease-in ends, corrections, closed waiting periods, ended leases, completions).
      const types = new Set(events.map((e) => e.type));
      for (const type of ['DwellingSold', 'LeaseInEnded', 'DwellingDetailsUpdated', 'ApplicantHoused', 'ApprovalExpired', 'LeaseEnded', 'TransitionCompleted', 'StartlanGranted']) {
        expect({ type, present: types.has(type) }).toEqual({ type, present: true });
      }
      const whole = await applyInBatches(runtime.pool, reportingFactsProjection, 'whole', events, events.length);
      const single = await applyInBatches(runtime.pool, reportingFactsProjection, 'single', events, 1);
      // The backdated corrections re-derived the versions dated after them (rows without changes of their own).
      const rederived = await runtime.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${single.rpt_dwelling_versions} WHERE changes IS NULL`);
      expect(rederived.rows[0]!.n).toBe(2);
      // Each lease keeps the security it was signed with (kind, amount, guarantor), also after it ended.
      const security = await runtime.pool.query(
        `SELECT security_kind, guarantor, count(*)::int AS leases, sum(security_amount)::int AS amount
         FROM ${single.rpt_leases} GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      expect(security.rows).toEqual([
        { security_kind: 'deposit', guarantor: null, leases: 4, amount: 90_000 }, // L6a, L1, L12, L7
        { security_kind: 'guarantee', guarantor: 'municipality', leases: 2, amount: 36_000 }, // L5, L9
        { security_kind: 'guarantee', guarantor: 'nav', leases: 2, amount: 81_000 }, // L4, L2
        { security_kind: 'guarantee', guarantor: 'private', leases: 1, amount: 54_000 }, // L6b
        { security_kind: 'none', guarantor: null, leases: 2, amount: null }, // L10, L0
      ]);
      const small = await applyInBatches(runtime.pool, reportingFactsProjection, 'small', events, 4);
      for (const table of Object.keys(reportingFactsProjection.tables) as Array<keyof typeof whole>) {
        const expected = await tableText(runtime.pool, single[table]);
        expect(expected.length).toBeGreaterThan(0);
        expect({ table, rows: await tableText(runtime.pool, whole[table]) }).toEqual({ table, rows: expected });
        expect({ table, rows: await tableText(runtime.pool, small[table]) }).toEqual({ table, rows: expected });
      }
    });
  });
}
