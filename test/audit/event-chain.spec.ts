import { migrate } from '../../src/database/migrator.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { projectionMigrations } from '../../src/projections/projection-store.migrations.js';
import { eventChainProjection } from '../../src/audit/event-chain/event-chain.projection.js';
import { verifyEventChain } from '../../src/audit/event-chain/verify-event-chain.js';
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

    it('reports events appended after the chain checkpoint as not yet chained, not as a break', async () => {
      await store.append(stream(), [event()], 'no_stream');
      expect(await verifyEventChain(db.pool, store)).toMatchObject({ ok: true, checked: 24, unchained: 1 });
    });
  });
}
