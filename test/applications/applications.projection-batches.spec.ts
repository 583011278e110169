import { applicationsProjection } from '../../src/applications/applications.projection.js';
import { allocationHistory } from '../support/allocation-history.js';
import { asRecorded, tablesAfterBatches } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`applications projection on ${kind}: a batch writes what its events one by one write`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
    });
    afterAll(async () => {
      await db.drop();
    });

    it('applying a seeded allocation history in one batch, in batches of 7 and one event per batch gives identical tables', async () => {
      const types = new Set(applicationsProjection.eventTypes);
      const events = asRecorded(allocationHistory(2026)).filter((e) => types.has(e.type));
      for (const t of applicationsProjection.eventTypes!) expect(events.map((e) => e.type)).toContain(t);

      const single = await tablesAfterBatches(db.pool, applicationsProjection, events, 1, 'single');
      expect(await tablesAfterBatches(db.pool, applicationsProjection, events, events.length, 'all')).toEqual(single);
      expect(await tablesAfterBatches(db.pool, applicationsProjection, events, 7, 'sevens')).toEqual(single);

      // Every step recorded, versions closed across batches, and the rules the batch replays in memory held.
      expect(single.application_history).toHaveLength(events.length);
      const { rows } = await db.pool.query<{ declined: number; computed: number; unapproved: number; closed: number; quoted: number }>(`
        SELECT (SELECT count(*) FROM applications_single WHERE offers_declined + offers_expired > 0)::int AS declined,
               (SELECT count(*) FROM applications_single WHERE status = 'housed' AND waiting_days IS NOT NULL)::int AS computed,
               (SELECT count(*) FROM applications_single WHERE application_id = 'A-late' AND offer_accepted_on IS NOT NULL AND waiting_days IS NULL)::int AS unapproved,
               (SELECT count(*) FROM applications_history_single WHERE valid_to_position IS NOT NULL)::int AS closed,
               (SELECT count(*) FROM applications_single WHERE 'with "quote"' = ANY (member_ids))::int AS quoted`);
      expect(rows[0]).toEqual({ declined: expect.any(Number), computed: expect.any(Number), unapproved: 1, closed: expect.any(Number), quoted: expect.any(Number) });
      for (const n of Object.values(rows[0]!)) expect(n).toBeGreaterThan(0);
    }, 120_000);
  });
}
