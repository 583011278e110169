import { v7 as uuidv7 } from 'uuid';
import { migrate } from '../../src/database/migrator.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { createLogger } from '../../src/observability/logger.js';
import type { IdempotentSteps } from '../../src/process-managers/idempotent-steps.js';
import type { ProcessManager } from '../../src/process-managers/process-manager.js';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner.js';
import { processManagerMigrations } from '../../src/process-managers/process-manager.migrations.js';
import type { Decider } from '../../src/shared-kernel/decider.js';
import { advisoryLockHolder } from '../support/advisory-lock-holder.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const logger = createLogger('silent');

/** A ledger that accepts any number of entries: the process manager must not add one twice. */
type Entry = { type: 'Entered'; data: { order: string; step: string } };
const ledger: Decider<{ order: string; step: string }, Entry, number> = {
  initialState: 0,
  decide: (c) => [{ type: 'Entered', data: { order: c.order, step: c.step } }],
  evolve: (n) => n + 1,
};

/**
 * Reacts to each OrderPlaced with two steps on two streams (reserve stock, bill the customer).
 * `crashAfterFirstStep` makes the first delivery fail between the steps, like a process killed there.
 */
function orderProcess(crash = { crashAfterFirstStep: false }): ProcessManager & { handled: string[] } {
  const handled: string[] = [];
  return {
    name: 'order-process',
    eventTypes: ['OrderPlaced'],
    handled,
    async handle(event: RecordedEvent, steps: IdempotentSteps) {
      handled.push(event.id);
      const order = (event.data as { order: string }).order;
      await steps.execute('reserve', ledger, 'stock-main', { order, step: 'reserve' });
      if (crash.crashAfterFirstStep) {
        crash.crashAfterFirstStep = false;
        throw new Error('process killed between the steps');
      }
      await steps.execute('bill', ledger, `billing-${order}`, { order, step: 'bill' });
    },
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`process manager runner on ${kind}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, [...eventStoreMigrations, ...processManagerMigrations]);
      store = new PostgresEventStore(db.pool);
    });
    afterEach(() => db.drop());

    const runner = (managers: ProcessManager[]) =>
      new ProcessManagerRunner(db.pool, store, managers, { batchSize: 10, pollIntervalMs: 20, logger, commandRetries: 3 });
    const placeOrder = (order: string) =>
      store.append(`order-${order}`, [{ id: uuidv7(), type: 'OrderPlaced', schemaVersion: 1, data: { order }, metadata: meta() }], 'no_stream');
    const entries = async (streamId: string) => {
      const out: RecordedEvent[] = [];
      for await (const e of store.readStream(streamId)) out.push(e);
      return out;
    };
    const lastPosition = async () => BigInt((await db.pool.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM events')).rows[0]!.p);
    /** Steps until the checkpoint has passed every event in the table (a shared server's visibility bound can lag a moment). */
    const drain = async (r: ProcessManagerRunner, m: ProcessManager) => {
      const last = await lastPosition();
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        if (!(await r.step(m)) && (await r.status())[0]!.position >= last) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error('the process manager did not reach the end of the log');
    };

    it('acts once per event, in log order, and ignores events it does not handle', async () => {
      await placeOrder('a');
      await store.append('noise-1', [{ id: uuidv7(), type: 'Unrelated', schemaVersion: 1, data: {}, metadata: meta() }], 'no_stream');
      await placeOrder('b');
      const pm = orderProcess();
      await drain(runner([pm]), pm);
      expect((await entries('stock-main')).map((e) => (e.data as { order: string }).order)).toEqual(['a', 'b']);
      expect(await entries('billing-a')).toHaveLength(1);
      expect(pm.handled).toHaveLength(2);
    });

    it('a duplicate delivery of the same event acts only once', async () => {
      await placeOrder('a');
      const [placed] = await entries('order-a');
      const pm = orderProcess();
      const r = runner([pm]);
      await r.deliver(pm, placed!);
      await r.deliver(pm, placed!);
      await drain(r, pm); // and the regular delivery from the log on top
      expect(pm.handled).toHaveLength(3);
      expect(await entries('stock-main')).toHaveLength(1);
      expect(await entries('billing-a')).toHaveLength(1);
      const [stock] = await entries('stock-main');
      expect(stock!.metadata.causationId).toBe(placed!.id);
      expect(stock!.metadata.actor).toBe('system:order-process');
    });

    it('resumes after a crash between steps without repeating the step already taken', async () => {
      await placeOrder('a');
      const crashing = orderProcess({ crashAfterFirstStep: true });
      await expect(drain(runner([crashing]), crashing)).rejects.toThrow('process killed');
      expect(await entries('stock-main')).toHaveLength(1);
      expect(await entries('billing-a')).toHaveLength(0);
      // A new process (new runner, new manager instance) starts from the checkpoint, which the crash left before the event.
      const restarted = orderProcess();
      await drain(runner([restarted]), restarted);
      expect(restarted.handled).toHaveLength(1);
      expect(await entries('stock-main')).toHaveLength(1);
      expect(await entries('billing-a')).toHaveLength(1);
    });

    it('resumes from its checkpoint after a restart: events handled before are not delivered again', async () => {
      await placeOrder('a');
      await placeOrder('b');
      const first = orderProcess();
      const r1 = runner([first]);
      await r1.start();
      await r1.waitForPosition(await lastPosition(), 5000);
      await r1.stop();
      expect(first.handled).toHaveLength(2);
      await placeOrder('c');
      const second = orderProcess();
      const r2 = runner([second]);
      await r2.start();
      await r2.waitForPosition(await lastPosition(), 5000);
      await r2.stop();
      expect(second.handled).toHaveLength(1);
      expect((await entries('stock-main')).map((e) => (e.data as { order: string }).order)).toEqual(['a', 'b', 'c']);
      expect((await r2.status())[0]).toMatchObject({ name: 'order-process', eventsHandled: 3n });
    });

    it('two runners on one database never act twice on an event', async () => {
      await placeOrder('a');
      const pm1 = orderProcess();
      const pm2 = orderProcess();
      const r1 = runner([pm1]);
      const r2 = runner([pm2]);
      await r1.start();
      await r2.start();
      await r1.waitForPosition(await lastPosition(), 5000);
      await placeOrder('b');
      await r1.waitForPosition(await lastPosition(), 5000);
      await r1.stop();
      await r2.stop();
      // Embedded PGlite serves every connection from one session, where advisory locks do not
      // exclude each other: both runners may then see an event, and the derived ids still make it count once.
      if (kind === 'postgres') expect(pm1.handled.length * pm2.handled.length).toBe(0);
      expect(await entries('stock-main')).toHaveLength(2);
      expect(await entries('billing-a')).toHaveLength(1);
      expect(await entries('billing-b')).toHaveLength(1);
    });

    if (kind === 'postgres') {
      it('survives the loss of its lock connection (terminated by the server): takes the lock again on a new connection and goes on from its checkpoint', async () => {
        await placeOrder('a');
        const pm = orderProcess();
        const key = ':process-manager:order-process';
        const lines: string[] = [];
        const logged = createLogger('info', { write: (line: string) => lines.push(line) });
        const r = new ProcessManagerRunner(db.pool, store, [pm], { batchSize: 10, pollIntervalMs: 20, logger: logged, commandRetries: 3 });
        await r.start();
        try {
          await r.waitForPosition(await lastPosition(), 5000);
          const first = await advisoryLockHolder(db.pool, key);
          expect(first).toBeDefined();
          await db.pool.query('SELECT pg_terminate_backend($1)', [first]);
          await placeOrder('b');
          await r.waitForPosition(await lastPosition(), 10_000);
          expect((await entries('stock-main')).map((e) => (e.data as { order: string }).order)).toEqual(['a', 'b']);
          expect(await entries('billing-b')).toHaveLength(1);
          expect(pm.handled).toHaveLength(2);
          const second = await advisoryLockHolder(db.pool, key);
          expect(second).toBeDefined();
          expect(second).not.toBe(first);
          expect((await r.status())[0]!.runningHere).toBe(true);
          expect(lines.some((line) => line.includes('the connection holding the locks of the process managers was lost'))).toBe(true);
        } finally {
          await r.stop();
        }
        expect(await advisoryLockHolder(db.pool, key)).toBeUndefined();
      });
    }
  });
}

function meta() {
  return { actor: 'test', role: 'test', correlationId: uuidv7(), causationId: uuidv7(), occurredAt: new Date().toISOString() };
}
