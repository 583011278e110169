import { allocationsProjection } from '../../src/allocations/allocations.projection.js';
import { allocationHistory } from '../support/allocation-history.js';
import { asRecorded, tablesAfterBatches } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`allocations projection on ${kind}: a batch writes what its events one by one write`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
    });
    afterAll(async () => {
      await db.drop();
    });

    it('applying a seeded allocation history in one batch, in batches of 7 and one event per batch gives identical tables', async () => {
      const types = new Set(allocationsProjection.eventTypes);
      const events = asRecorded(allocationHistory(2026)).filter((e) => types.has(e.type));
      for (const t of allocationsProjection.eventTypes!) expect(events.map((e) => e.type)).toContain(t);

      const single = await tablesAfterBatches(db.pool, allocationsProjection, events, 1, 'single');
      expect(await tablesAfterBatches(db.pool, allocationsProjection, events, events.length, 'all')).toEqual(single);
      expect(await tablesAfterBatches(db.pool, allocationsProjection, events, 7, 'sevens')).toEqual(single);

      // The rules the batch replays in memory held: placements of every status, one ended by a vacancy,
      // one without categories (its application is not in the log), a closed meeting.
      for (const rows of Object.values(single)) expect(rows.length).toBeGreaterThan(0);
      const { rows } = await db.pool.query<{ status: string; n: number }>(`
        SELECT status, count(*)::int AS n FROM allocation_placements_single GROUP BY status
        UNION ALL SELECT 'vacated', count(*)::int FROM allocation_placements_single p
          WHERE status = 'ended' AND EXISTS (SELECT 1 FROM offers_single o WHERE o.offer_id = p.offer_id AND o.status = 'accepted')
        UNION ALL SELECT 'uncategorised', count(*)::int FROM allocation_placements_single WHERE application_id = 'A-unlisted' AND categories = '{}'
        UNION ALL SELECT 'closed', count(*)::int FROM committee_meetings_single WHERE status = 'closed'`);
      const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      for (const s of ['offered', 'accepted', 'ended', 'vacated', 'uncategorised', 'closed']) expect(counts[s]).toBeGreaterThan(0);
    }, 120_000);
  });
}
