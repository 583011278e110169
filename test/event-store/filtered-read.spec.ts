import { migrate } from '../../src/database/migrator.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { event, stream } from './event-store.contract.js';

/**
 * A filtered page walks the log in windows of positions (a statement examines at most a window), so
 * a rare type spread over a long log takes several windows: nothing may be skipped or repeated
 * between them, and a page is full unless the visible end of the log was reached.
 */
for (const kind of testDatabaseKinds()) {
  describe(`filtered reads of the log on ${kind}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, eventStoreMigrations);
      store = new PostgresEventStore(db.pool);
      // 6,000 events: a Rare one every 450, a Common one otherwise, appended 100 streams at a time.
      for (let i = 0; i < 6000; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) => store.append(stream(i + j > 0 && (i + j) % 450 === 0 ? 'rare' : 'common'), [event((i + j) % 450 === 0 ? 'Rare' : 'Common', { n: i + j })], 'no_stream')),
        );
      }
    }, 120_000);
    afterAll(() => db.drop());

    const all = async () => {
      const out: RecordedEvent[] = [];
      for await (const e of store.readAll()) out.push(e);
      return out;
    };

    it('finds every event of a rare type across windows, page by page, in log order', async () => {
      const expected = (await all()).filter((e) => e.type === 'Rare').map((e) => e.position);
      expect(expected.length).toBe(14);
      for (const limit of [1, 3, 5, 500]) {
        const got: bigint[] = [];
        let after = 0n;
        for (;;) {
          const page = await store.readAllPage(after, limit, { eventTypes: ['Rare'] });
          got.push(...page.events.map((e) => e.position));
          expect(page.events.length).toBeLessThanOrEqual(limit);
          if (page.events.length < limit) {
            // A short page means the visible end of the log was reached.
            expect(page.scannedTo).toBe((await all()).at(-1)!.position);
            break;
          }
          expect(page.scannedTo).toBe(page.events.at(-1)!.position);
          after = page.scannedTo;
        }
        expect(got).toEqual(expected);
      }
    });

    it('filters by stream category across windows the same way', async () => {
      const expected = (await all()).filter((e) => e.streamId.startsWith('rare-')).map((e) => e.id);
      const page = await store.readAllPage(0n, 100, { categories: ['rare'] });
      expect(page.events.map((e) => e.id)).toEqual(expected);
    });

    it('reads large unfiltered pages in order without gaps', async () => {
      const expected = (await all()).map((e) => e.position);
      const got: bigint[] = [];
      let after = 0n;
      for (;;) {
        const page = await store.readAllPage(after, 2500);
        got.push(...page.events.map((e) => e.position));
        if (page.events.length < 2500) break;
        after = page.scannedTo;
      }
      expect(got).toEqual(expected);
    });
  });
}
