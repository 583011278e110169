import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { migrate } from '../../src/database/migrator.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { createTestDatabase, realPostgresAvailable, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { describeEventStoreContract, event, stream } from './event-store.contract.js';

async function openPostgresStore(kind: 'pglite' | 'postgres', poolSize = 20) {
  const db = await createTestDatabase(kind, poolSize);
  await migrate(db.pool, eventStoreMigrations);
  return { db, store: new PostgresEventStore(db.pool, new UpcasterRegistry(), { pollIntervalMs: 50 }) };
}

for (const kind of testDatabaseKinds()) {
  describeEventStoreContract(
    `postgres adapter on ${kind === 'pglite' ? 'embedded PGlite' : 'real PostgreSQL'}`,
    async () => {
      const { db, store } = await openPostgresStore(kind);
      return { store, cleanup: () => db.drop() };
    },
    { realConcurrency: kind === 'postgres' },
  );
}

describe('postgres adapter on embedded PGlite: the first appends of a fresh store', () => {
  // All connections share PGlite's one backend, so the first appends in flight race to create the
  // same named statement (42P05); every one of them must still be stored, once.
  it('stores every one of many concurrent first appends of every kind', async () => {
    const { db, store } = await openPostgresStore('pglite', 10);
    try {
      const appends = Array.from({ length: 24 }, (_, i) => {
        const s = stream();
        return i % 3 === 0
          ? store.append(s, [event()], 'no_stream')
          : i % 3 === 1
            ? store.append(s, [event()], 'any')
            : store.append(s, [event(), event()], 'no_stream');
      });
      const results = await Promise.all(appends);
      expect(results).toHaveLength(24);
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      expect(rows[0]!.n).toBe(32);
    } finally {
      await db.drop();
    }
  });
});

if (!realPostgresAvailable()) {
  it.skip('real PostgreSQL contract and commit-order tests SKIPPED: set TEST_DATABASE_URL', () => undefined);
}

(realPostgresAvailable() ? describe : describe.skip)('postgres adapter: commit order on real PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    ({ db, store } = await openPostgresStore('postgres'));
  });
  afterAll(() => db.drop());

  it('never lets a follower of $all skip an event whose transaction commits late', async () => {
    const late = stream('late');
    const early = stream('late');
    const seen: RecordedEvent[] = [];
    const sub = store.subscribe({ after: await store.headPosition(), filter: { categories: ['late'] } }, async (events) => {
      seen.push(...events);
    });
    // A transaction takes its id first (as a slow command would), writes later, commits last.
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query('SELECT pg_current_xact_id()');
    await store.append(early, [event('Early')], 'no_stream');
    await new Promise((r) => setTimeout(r, 200));
    // The later transaction has committed, but it must not be handed out before the older one ends.
    expect(seen).toHaveLength(0);
    const e = event('Late');
    await slow.query(
      `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
       VALUES ((pg_current_xact_id()::text::bigint << 20) + 1, $1, $2, 0, 'Late', 1, '{}', $3)`,
      [e.id, late, JSON.stringify(e.metadata)],
    );
    await slow.query('COMMIT');
    await slow.end();
    const deadline = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(seen.map((x) => x.type)).toEqual(['Late', 'Early']);
  });

  it('appends from many pools at once keep every stream gap-free', async () => {
    const s = stream('race');
    const pools = Array.from({ length: 4 }, () => db.newPool(4));
    const stores = pools.map((p) => new PostgresEventStore(p));
    await Promise.all(stores.flatMap((st) => Array.from({ length: 10 }, () => st.append(s, [event()], 'any'))));
    const revisions: bigint[] = [];
    for await (const e of store.readStream(s)) revisions.push(e.revision);
    expect(revisions).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i)));
  });
});

describe('postgres adapter: upcasting on read', () => {
  it('turns a stored version-1 event into the current version before anyone sees it', async () => {
    const db = await createTestDatabase('pglite');
    try {
      await migrate(db.pool, eventStoreMigrations);
      const upcasters = new UpcasterRegistry()
        .register('DwellingRegistered', 1, (d) => ({ ...(d as object), floor: 0 }))
        .register('DwellingRegistered', 2, (d) => ({ ...(d as object), wheelchairAccessible: false }));
      const writer = new PostgresEventStore(db.pool);
      const s = stream();
      await writer.append(s, [{ ...event('DwellingRegistered', { rooms: 2 }, 1), id: uuidv7() }], 'no_stream');
      const reader = new PostgresEventStore(db.pool, upcasters);
      const read: RecordedEvent[] = [];
      for await (const e of reader.readStream(s)) read.push(e);
      expect(read[0]).toMatchObject({ schemaVersion: 3, data: { rooms: 2, floor: 0, wheelchairAccessible: false } });
    } finally {
      await db.drop();
    }
  });
});
