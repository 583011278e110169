import { migrate } from '../../src/database/migrator.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { projectionMigrations } from '../../src/projections/projection-store.migrations.js';
import { eventChainProjection } from '../../src/audit/event-chain/event-chain.projection.js';
import { verifyEventChain } from '../../src/audit/event-chain/verify-event-chain.js';
import { chainHash, GENESIS_HASH } from '../../src/audit/event-chain/canonical-event.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { event, stream } from '../event-store/event-store.contract.js';

for (const kind of testDatabaseKinds()) {
  describe(`tamper evidence: the event hash chain on ${kind}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let runner: ProjectionRunner;
    let positions: bigint[];

    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, [...eventStoreMigrations, ...projectionMigrations]);
      store = new PostgresEventStore(db.pool);
      positions = [];
      for (let i = 0; i < 12; i++) {
        const r = await store.append(stream(), [event('DwellingRegistered', { i }), event('ConditionAssessmentRecorded', { i })], 'no_stream');
        positions.push(r.position - 1n, r.position);
      }
      runner = new ProjectionRunner(db.pool, store, [eventChainProjection], { batchSize: 5, pollIntervalMs: 20, logger: createLogger('silent') });
      await runner.start();
      await runner.waitForPosition(await store.headPosition(), 10_000);
      await runner.stop();
    });
    afterEach(() => db.drop());

    it('verifies an untouched log and gives the head hash to anchor outside the database', async () => {
      const result = await verifyEventChain(db.pool, store);
      expect(result).toMatchObject({ ok: true, checked: 24, unchained: 0, firstBreak: null });
      expect(result.headHash).toMatch(/^[0-9a-f]{64}$/);
      expect(result.headPosition).toBe(positions[23]);
    });

    it('finds an event whose data was edited in the database', async () => {
      await db.pool.query(`UPDATE events SET data = '{"i": 99}' WHERE position = $1`, [positions[7]!.toString()]);
      const result = await verifyEventChain(db.pool, store);
      expect(result.ok).toBe(false);
      expect(result.firstBreak!.position).toBe(positions[7]);
      expect(result.firstBreak!.reason).toMatch(/does not match its hash/);
    });

    it('finds an event whose metadata (who, when) was edited', async () => {
      await db.pool.query(`UPDATE events SET metadata = jsonb_set(metadata, '{actor}', '"someone-else"') WHERE position = $1`, [positions[3]!.toString()]);
      expect((await verifyEventChain(db.pool, store)).firstBreak!.position).toBe(positions[3]);
    });

    it('finds a deleted event', async () => {
      await db.pool.query(`DELETE FROM events WHERE position = $1`, [positions[10]!.toString()]);
      const result = await verifyEventChain(db.pool, store);
      expect(result.firstBreak!.position).toBe(positions[10]);
      expect(result.firstBreak!.reason).toMatch(/missing from the log/);
    });

    it('finds reordered events (two events swapped positions)', async () => {
      const [a, b] = [positions[4]!.toString(), positions[9]!.toString()];
      await db.pool.query(`UPDATE events SET position = -1 WHERE position = $1`, [a]);
      await db.pool.query(`UPDATE events SET position = $1 WHERE position = $2`, [a, b]);
      await db.pool.query(`UPDATE events SET position = $1 WHERE position = -1`, [b]);
      const result = await verifyEventChain(db.pool, store);
      expect(result.firstBreak!.position).toBe(positions[4]);
      expect(result.firstBreak!.reason).toMatch(/reordered or replaced/);
    });

    it('finds an event inserted into the middle of the log', async () => {
      const e = event('Forged', {});
      await db.pool.query(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata) VALUES ($1, $2, 'forged-1', 0, 'Forged', 1, '{}', $3)`,
        [(positions[5]! + 1n).toString(), e.id, JSON.stringify(e.metadata)],
      );
      const result = await verifyEventChain(db.pool, store);
      expect(result.firstBreak!.position).toBe(positions[5]! + 1n);
      expect(result.firstBreak!.reason).toMatch(/not in the chain/);
    });

    it('verifies a log whose positions grew by a digit (the chain is read in log order, not in text order)', async () => {
      // Later positions made of larger transaction ids: one digit more, and "smaller" as text.
      const digits = positions[positions.length - 1]!.toString().length;
      const { rows } = await db.pool.query<{ next: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
      const offset = 10n ** BigInt(digits) / (1n << 20n) + 1n - BigInt(rows[0]!.next);
      await db.pool.query(`UPDATE event_log_epoch SET xid_offset = $1`, [offset.toString()]);
      const later = new PostgresEventStore(db.pool, undefined, { xidOffset: offset });
      const appended = await later.append(stream(), [event(), event()], 'no_stream');
      expect(appended.position.toString().length).toBe(digits + 1);
      expect(appended.position.toString() < positions[0]!.toString()).toBe(true);
      const chain = new ProjectionRunner(db.pool, later, [eventChainProjection], { batchSize: 5, pollIntervalMs: 20, logger: createLogger('silent') });
      await chain.start();
      await chain.waitForPosition(appended.position, 10_000);
      await chain.stop();
      expect(await verifyEventChain(db.pool, later)).toMatchObject({ ok: true, checked: 26, unchained: 0, firstBreak: null });
    });

    it('reports events appended after the chain checkpoint as not yet chained, not as a break', async () => {
      await store.append(stream(), [event()], 'no_stream');
      expect(await verifyEventChain(db.pool, store)).toMatchObject({ ok: true, checked: 24, unchained: 1 });
    });

    describe('an upcaster registered after the events were chained', () => {
      // DwellingRegistered@1 → 2: readers now see a floor; the log still holds version 1.
      const upcasting = () => new PostgresEventStore(db.pool, new UpcasterRegistry().register('DwellingRegistered', 1, (d) => ({ ...(d as object), floor: 0 })));

      it('leaves every old event hash as it was: the chain verifies, with the same head hash', async () => {
        const before = await verifyEventChain(db.pool, store);
        const reader = upcasting();
        const [first] = (await reader.readAllPage(0n, 1)).events;
        expect(first).toMatchObject({ type: 'DwellingRegistered', schemaVersion: 2, data: { i: 0, floor: 0 }, stored: { schemaVersion: 1, data: { i: 0 } } });
        const after = await verifyEventChain(db.pool, reader);
        expect(after).toMatchObject({ ok: true, checked: 24, unchained: 0, firstBreak: null });
        expect(after.headHash).toBe(before.headHash);
      });

      it('rebuilds the same chain from the log as the one built before it', async () => {
        const rebuilder = new ProjectionRunner(db.pool, upcasting(), [eventChainProjection], { batchSize: 5, pollIntervalMs: 20, logger: createLogger('silent') });
        const comparison = await rebuilder.verifyAgainstShadow('event-chain');
        expect(comparison).toMatchObject({ identical: true, tables: [{ table: 'event_chain', liveRows: 24, rebuiltRows: 24 }] });
      });
    });
  });
}

describe('the hash of an event in the chain', () => {
  const stored: RecordedEvent = {
    id: '01900000-0000-7000-8000-000000000001',
    streamId: 'dwelling-1',
    revision: 0n,
    position: 4294967296n,
    type: 'DwellingRegistered',
    schemaVersion: 1,
    data: { rooms: 2, address: { street: 'Storgata 1', postcode: '0155' } },
    metadata: {
      actor: 'user-1',
      role: 'caseworker',
      correlationId: 'c-1',
      causationId: 'k-1',
      occurredAt: '2025-03-01T10:00:00.000Z',
      recordedAt: '2025-03-01T10:00:01.000Z',
    },
  };
  // Computed by the chain as it was before events carried their stored form: chains already built keep their hashes.
  const hashBefore = 'f7d7d89fd748ae918cbee1e62e29bbedebff50711c9d2d7625d5836df806b29d';

  it('is the one chains were built with', () => {
    expect(chainHash(GENESIS_HASH, stored)).toBe(hashBefore);
  });

  it('is taken over the event as stored, not as an upcaster shows it', () => {
    const upcast: RecordedEvent = { ...stored, schemaVersion: 2, data: { ...(stored.data as object), floor: 0 }, stored: { schemaVersion: 1, data: stored.data } };
    expect(chainHash(GENESIS_HASH, upcast)).toBe(hashBefore);
  });
});
