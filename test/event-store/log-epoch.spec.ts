import { migrate } from '../../src/database/migrator.js';
import { openLogEpoch } from '../../src/event-store/postgres/log-epoch.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { event, stream } from './event-store.contract.js';

/** How far ahead the "old server" of a simulated restore was: a million transactions. */
const AHEAD = 1_000_000n;

/**
 * A log restored from a dump into a new server: its positions were made by a transaction counter far
 * ahead of the new server's. Simulated by writing an event at such a position directly.
 */
async function restoredLog(db: TestDatabase): Promise<bigint> {
  const { rows } = await db.pool.query<{ next: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
  const oldPosition = ((BigInt(rows[0]!.next) + AHEAD) << 20n) + 1n;
  const e = event();
  await db.pool.query(
    `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata) VALUES ($1, $2, $3, 0, $4, 1, $5, $6)`,
    [oldPosition.toString(), e.id, stream(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
  );
  return oldPosition;
}

for (const kind of testDatabaseKinds()) {
  describe(`the log's transaction-id offset (${kind === 'pglite' ? 'embedded PGlite' : 'real PostgreSQL'})`, () => {
    let db: TestDatabase;

    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, eventStoreMigrations);
    });

    afterEach(() => db.drop());

    it('is 0 on a log whose positions the server is past, and stays 0', async () => {
      await new PostgresEventStore(db.pool).append(stream(), [event()], 'no_stream');
      expect(await openLogEpoch(db.pool)).toEqual({ xidOffset: 0n, advanced: null });
      expect(await openLogEpoch(db.pool)).toEqual({ xidOffset: 0n, advanced: null });
    });

    it('after a restore into a server behind the log, appends continue after the newest logged position and readers see them', async () => {
      const oldPosition = await restoredLog(db);
      // Without the offset a new append lands below the restored log: a reader past it never sees it.
      const { rows } = await db.pool.query<{ next: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
      expect(BigInt(rows[0]!.next) << 20n).toBeLessThan(oldPosition);

      const epoch = await openLogEpoch(db.pool);
      expect(epoch.advanced).not.toBeNull();
      expect(epoch.advanced!.lastLoggedXid).toBe(oldPosition >> 20n);
      expect(epoch.xidOffset).toBeGreaterThanOrEqual(AHEAD);

      const store = new PostgresEventStore(db.pool, new UpcasterRegistry(), { xidOffset: epoch.xidOffset });
      const s = stream();
      const created = await store.append(s, [event()], 'no_stream'); // the create-one statement
      const next = await store.append(s, [event()], 0n); // the append-one statement
      const many = await store.append(stream(), [event(), event()], 'no_stream'); // the many-events statement
      for (const result of [created, next, many]) expect(result.position).toBeGreaterThan(oldPosition);
      expect(next.position).toBeGreaterThan(created.position);
      expect(many.position).toBeGreaterThan(next.position);

      // A reader checkpointed at the restored log's end reads exactly the new events, in order.
      const page = await store.readAllPage(oldPosition, 100);
      expect(page.events.map((e) => e.position)).toEqual([created.position, next.position, many.position - 1n, many.position]);
      const filtered = await store.readAllPage(oldPosition, 100, { eventTypes: ['DwellingRegistered'] });
      expect(filtered.events).toHaveLength(4);
      expect(await store.headPosition()).toBe(many.position);

      // Raised once: the next start finds the counter (plus the offset) past the log and keeps it.
      expect(await openLogEpoch(db.pool)).toEqual({ xidOffset: epoch.xidOffset, advanced: null });
    });

    it('concurrent starts after a restore raise the offset once', async () => {
      await restoredLog(db);
      const epochs = await Promise.all([openLogEpoch(db.pool), openLogEpoch(db.pool), openLogEpoch(db.pool)]);
      expect(epochs.filter((e) => e.advanced !== null)).toHaveLength(1);
      expect(new Set(epochs.map((e) => e.xidOffset)).size).toBe(1);
    });
  });
}
