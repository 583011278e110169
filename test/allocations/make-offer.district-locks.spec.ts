import type pg from 'pg';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { allocationDriver } from '../support/allocation-fixtures.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const DISTRICTS = ['Østbyen', 'Heimdal', 'Byåsen', 'Lerkendal', 'Midtbyen', 'Strinda'];

for (const kind of testDatabaseKinds()) {
  describe(`district locks of concurrent offers on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    let heldByProcessManagers: pg.PoolClient;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
      runtime = await openRuntime(
        loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '4', PROJECTION_POLL_INTERVAL_MS: '20' }),
        createLogger('silent'),
      );
      await runtime.runner.start(); // keeps one connection of the pool for its lock
      // The process managers' runner keeps another one in the service.
      heldByProcessManagers = await runtime.pool.connect();
      drive = allocationDriver(runtime);
    });
    afterAll(async () => {
      heldByProcessManagers.release();
      await runtime.close();
      await db.drop();
    });

    it('offers in more districts at once than the pool has free connections all complete: lock holders do not starve the work', async () => {
      const meetingId = await drive.meeting();
      const offers: Array<{ applicationId: string; dwellingId: string }> = [];
      for (const [i, district] of DISTRICTS.entries()) {
        offers.push({ applicationId: await drive.approved(), dwellingId: await drive.registerDwelling(20 + i, 0, { district }) });
      }
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the offers did not complete: the pool is starved')), 15_000);
      });
      try {
        const made = await Promise.race([Promise.all(offers.map((o) => drive.offer({ meetingId, ...o }))), stuck]);
        expect(made).toHaveLength(DISTRICTS.length);
      } finally {
        clearTimeout(timer);
      }
      expect((await runtime.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'DwellingOffered'`)).rows[0].n).toBe(DISTRICTS.length);
    });
  });
}
