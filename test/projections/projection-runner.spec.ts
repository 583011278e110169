import { jest } from '@jest/globals';
import { migrate } from '../../src/database/migrator.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Projection } from '../../src/projections/projection.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { projectionMigrations } from '../../src/projections/projection-store.migrations.js';
import { ReadModelTimeoutError } from '../../src/projections/projection-failed.error.js';
import { BUILD_INDEX, KEY_ONCE_CAUGHT_UP } from '../../src/projections/deferred-indexes.js';
import { advisoryLockHolder } from '../support/advisory-lock-holder.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { event, stream } from '../event-store/event-store.contract.js';

const logger = createLogger('silent');

/** Counts Tick events per stream; fails on a Poison event while `poisoned` is set. */
function tickCounter(version = 1, state = { poisoned: false }): Projection<'tick_counts'> {
  return {
    name: 'tick_counts',
    version,
    eventTypes: ['Tick', 'Poison'],
    tables: {
      tick_counts: (t) => `CREATE TABLE ${t} (stream_id text PRIMARY KEY, ticks integer NOT NULL, last_position bigint NOT NULL)`,
    },
    async apply(client, tables, events) {
      for (const e of events) {
        if (e.type === 'Poison' && state.poisoned) throw new Error('cannot digest poison');
        await client.query(
          `INSERT INTO ${tables.tick_counts} VALUES ($1, 1, $2)
           ON CONFLICT (stream_id) DO UPDATE SET ticks = ${tables.tick_counts}.ticks + 1, last_position = $2`,
          [e.streamId, e.position.toString()],
        );
      }
    },
  };
}

function otherProjection(): Projection<'stream_list'> {
  return {
    name: 'stream_list',
    version: 1,
    tables: { stream_list: (t) => `CREATE TABLE ${t} (stream_id text PRIMARY KEY)` },
    async apply(client, tables, events) {
      for (const e of events) await client.query(`INSERT INTO ${tables.stream_list} VALUES ($1) ON CONFLICT DO NOTHING`, [e.streamId]);
    },
  };
}

/** Counts nothing; fails at every Poison event (several of them fail at the same event). */
function failsAtPoison(name: string): Projection<string> {
  return {
    name,
    version: 1,
    eventTypes: ['Tick', 'Poison'],
    tables: { [name]: (t) => `CREATE TABLE ${t} (position bigint PRIMARY KEY)` },
    async apply(client, tables, events) {
      for (const e of events) {
        if (e.type === 'Poison') throw new Error('cannot digest poison');
        await client.query(`INSERT INTO ${tables[name]} VALUES ($1)`, [e.position.toString()]);
      }
    },
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`projection runner on ${kind}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, [...eventStoreMigrations, ...projectionMigrations]);
      store = new PostgresEventStore(db.pool);
    });
    afterEach(() => db.drop());

    const runner = (projections: Projection[], batchSize = 7, pollIntervalMs = 20) =>
      new ProjectionRunner(db.pool, store, projections, { batchSize, pollIntervalMs, logger });
    // The newest committed event; headPosition() is the newest a reader may see yet, which a
    // transaction of another test on the same server can hold back (the wait would end too early).
    const committedHead = async () =>
      BigInt((await db.pool.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM events')).rows[0]!.p);

    const ticks = async () =>
      (await db.pool.query<{ stream_id: string; ticks: number }>('SELECT stream_id, ticks FROM tick_counts ORDER BY stream_id')).rows;

    it('builds a new projection from position 0 and serves it through its view once caught up', async () => {
      const s = stream('t');
      for (let i = 0; i < 20; i++) await store.append(s, [event('Tick')], 'any');
      const r = runner([tickCounter()]);
      await r.start();
      await r.waitForPosition(await committedHead(), 5000);
      expect(await ticks()).toEqual([{ stream_id: s, ticks: 20 }]);
      await store.append(s, [event('Tick'), event('Tick')], 'any');
      r.nudge();
      await r.waitForPosition(await committedHead(), 5000);
      expect((await ticks())[0]!.ticks).toBe(22);
      expect(await r.isReady()).toBe(true);
      await r.stop();
    });

    it('costs an idle poll no transaction, and still picks up an append it was not told about', async () => {
      const s = stream('t');
      for (let i = 0; i < 5; i++) await store.append(s, [event('Tick')], 'any');
      const r = runner([tickCounter(), otherProjection()]);
      await r.start();
      try {
        await r.waitForPosition(await committedHead(), 5000);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the last steps end
        // pg's pool.query checks out a client for each statement; a batch checks out one of its own.
        const query = jest.spyOn(db.pool, 'query');
        const connect = jest.spyOn(db.pool, 'connect');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const statements = query.mock.calls.length;
        const checkouts = connect.mock.calls.length;
        query.mockRestore();
        connect.mockRestore();
        // About 15 polls of two projections: no batch transaction, and the two loops share each look
        // (two statements).
        expect(checkouts).toBe(statements);
        expect(statements).toBeGreaterThan(0);
        expect(statements).toBeLessThanOrEqual(2 * 20);
        // Appended as another process would: no nudge, so only the poll can find it.
        await store.append(s, [event('Tick')], 'any');
        await r.waitForPosition(await committedHead(), 5000);
        expect((await ticks())[0]!.ticks).toBe(6);
      } finally {
        await r.stop();
      }
    });

    it('applies each event exactly once across restarts (checkpoint commits with the read model)', async () => {
      const s = stream('t');
      for (let i = 0; i < 15; i++) await store.append(s, [event('Tick')], 'any');
      const first = runner([tickCounter()], 4);
      await first.start();
      await first.waitForPosition(await committedHead(), 5000);
      await first.stop();
      for (let i = 0; i < 10; i++) await store.append(s, [event('Tick')], 'any');
      const second = runner([tickCounter()], 4);
      await second.start();
      await second.waitForPosition(await committedHead(), 5000);
      await second.stop();
      expect((await ticks())[0]!.ticks).toBe(25);
    });

    it('stops a projection at the event it cannot apply, names its position, and keeps the others going', async () => {
      const s = stream('t');
      const poison = { poisoned: true };
      await store.append(s, [event('Tick'), event('Tick')], 'any');
      const bad = await store.append(s, [event('Poison')], 'any');
      await store.append(s, [event('Tick')], 'any');
      const r = runner([tickCounter(1, poison), otherProjection()], 100);
      await r.start();
      await r.waitForPosition(await committedHead(), 5000, ['stream_list']);
      let status = await r.status();
      for (let i = 0; i < 100 && !status.find((p) => p.name === 'tick_counts')!.error; i++) {
        await new Promise((res) => setTimeout(res, 20));
        status = await r.status();
      }
      const failed = status.find((p) => p.name === 'tick_counts')!;
      expect(failed.error?.position).toBe(bad.position);
      expect(failed.error?.message).toMatch(/Poison: cannot digest poison/);
      expect(status.find((p) => p.name === 'stream_list')!.error).toBeNull();
      expect(await r.isReady()).toBe(false);
      // After the fix, retry resumes from the checkpoint just before the failed event.
      poison.poisoned = false;
      expect(await r.retry('tick_counts')).toBe(true);
      await r.waitForPosition(await committedHead(), 5000);
      expect((await ticks())[0]!.ticks).toBe(4);
      // Nothing left to clear, and a name no projection has is refused, not "retried".
      expect(await r.retry('tick_counts')).toBe(false);
      await expect(r.retry('tick_count')).rejects.toThrow("unknown projection 'tick_count'");
      await r.stop();
    });

    it('stops a live read model at an event whose write the server refuses (a held write fails with the checkpoint), keeping the events before it', async () => {
      // Live batches hold their writes until the checkpoint (deferred-writes.ts): the refusal comes at
      // COMMIT, not in apply, and must still roll the batch back and single out the event.
      const checked: Projection<'checked_ticks'> = {
        name: 'checked_ticks',
        version: 1,
        eventTypes: ['Tick', 'Poison'],
        tables: { checked_ticks: (t) => `CREATE TABLE ${t} (position bigint PRIMARY KEY, kind text NOT NULL CHECK (kind <> 'Poison'))` },
        async apply(client, tables, events) {
          await client.query(`INSERT INTO ${tables.checked_ticks} SELECT * FROM unnest($1::bigint[], $2::text[])`, [
            events.map((e) => e.position.toString()),
            events.map((e) => e.type),
          ]);
        },
      };
      const r = runner([checked], 100);
      await r.start();
      await r.waitForPosition(await committedHead(), 5000);
      const s = stream('c');
      await store.append(s, [event('Tick'), event('Tick')], 'any');
      const bad = await store.append(s, [event('Poison')], 'any');
      await store.append(s, [event('Tick')], 'any');
      r.nudge();
      let failed = (await r.status()).find((p) => p.name === 'checked_ticks')!;
      for (let i = 0; i < 250 && !failed.error; i++) {
        await new Promise((res) => setTimeout(res, 20));
        failed = (await r.status()).find((p) => p.name === 'checked_ticks')!;
      }
      expect(failed.error?.position).toBe(bad.position);
      expect(failed.error?.message).toMatch(/check constraint/);
      expect(failed.live!.position < bad.position).toBe(true);
      const { rows } = await db.pool.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM checked_ticks GROUP BY kind');
      expect(rows).toEqual([{ kind: 'Tick', n: 2 }]);
      await r.stop();
    });

    it('rebuilds beside the live model and switches with no moment where a query sees a half-built one', async () => {
      const streams = [stream('t'), stream('t'), stream('t')];
      for (let i = 0; i < 30; i++) await store.append(streams[i % 3]!, [event('Tick')], 'any');
      const r = runner([tickCounter()], 5);
      await r.start();
      await r.waitForPosition(await committedHead(), 5000);
      const before = await ticks();
      // A reader polls the view throughout the rebuild: every answer must be the complete model.
      let polling = true;
      const answers: number[] = [];
      const reader = (async () => {
        while (polling) {
          const rows = await ticks();
          answers.push(rows.reduce((sum, row) => sum + row.ticks, 0));
          await new Promise((res) => setTimeout(res, 2));
        }
      })();
      const generation = await r.requestRebuild('tick_counts');
      for (let i = 0; i < 100; i++) {
        const st = (await r.status())[0]!;
        if (st.live?.generation === generation) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      polling = false;
      await reader;
      expect((await r.status())[0]!.live?.generation).toBe(generation);
      expect(await ticks()).toEqual(before);
      expect(answers.every((total) => total === 30)).toBe(true);
      // The old generation's tables are gone.
      const { rows } = await db.pool.query(`SELECT to_regclass('tick_counts_g1') AS t`);
      expect(rows[0].t).toBeNull();
      await r.stop();
    });

    it('keeps the live read model current while a rebuild of it runs beside', async () => {
      const s = stream('t');
      for (let i = 0; i < 300; i++) await store.append(s, [event('Tick')], 'any');
      // Every batch takes 60 ms: the rebuild (build batches of 28) takes well over half a second.
      const slow = tickCounter();
      const apply = slow.apply.bind(slow);
      slow.apply = async (client, tables, events) => {
        await new Promise((res) => setTimeout(res, 60));
        await apply(client, tables, events);
      };
      const r = runner([slow]);
      await r.start();
      await r.waitForPosition(await committedHead(), 20_000);
      const generation = await r.requestRebuild('tick_counts');
      const late = stream('late');
      const { position } = await store.append(late, [event('Tick')], 'any');
      await r.waitForPosition(position, 5_000);
      // The live generation has the new event while its successor is still being built.
      expect((await r.status())[0]!.building?.generation).toBe(generation);
      expect((await ticks()).find((row) => row.stream_id === late)?.ticks).toBe(1);
      await r.stop();
    });

    it('builds a new version beside the old one when the projection code changes', async () => {
      const s = stream('t');
      await store.append(s, [event('Tick')], 'any');
      const v1 = runner([tickCounter(1)]);
      await v1.start();
      await v1.waitForPosition(await committedHead(), 5000);
      await v1.stop();
      const v2 = runner([tickCounter(2)]);
      await v2.start();
      for (let i = 0; i < 100 && (await v2.status())[0]!.live?.version !== 2; i++) await new Promise((res) => setTimeout(res, 20));
      expect((await v2.status())[0]!.live).toMatchObject({ version: 2, generation: 2 });
      expect(await ticks()).toEqual([{ stream_id: s, ticks: 1 }]);
      await v2.stop();
    });

    it('builds several projections at once from shared log pages, each exactly as it would alone', async () => {
      const streams = Array.from({ length: 30 }, () => stream('tick'));
      for (let i = 0; i < 300; i++) await store.append(streams[i % 30]!, [event(i % 3 === 0 ? 'Other' : 'Tick')], 'any');
      const alone = runner([tickCounter()], 11);
      await alone.start();
      await alone.waitForPosition(await committedHead(), 20_000);
      await alone.stop();
      const { rows: expected } = await db.pool.query('SELECT * FROM tick_counts ORDER BY stream_id');
      // Rebuild both together with small build batches: the filtered one takes its events from the
      // pages the unfiltered one read (and the other way round), across many pages.
      const together = new ProjectionRunner(db.pool, store, [tickCounter(), otherProjection()], { batchSize: 7, buildBatchSize: 13, pollIntervalMs: 20, logger });
      await together.requestRebuild('tick_counts');
      await together.start();
      for (let i = 0; i < 200; i++) {
        const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM projection_generations WHERE status = 'building'`);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await together.waitForPosition(await committedHead(), 20_000);
      await together.stop();
      const { rows: rebuilt } = await db.pool.query('SELECT * FROM tick_counts ORDER BY stream_id');
      expect(rebuilt).toEqual(expected);
      expect(rebuilt.reduce((n: number, r: { ticks: number }) => n + r.ticks, 0)).toBe(200);
      const { rows: listed } = await db.pool.query('SELECT count(*)::int AS n FROM stream_list');
      expect(listed[0].n).toBe(30);
    });

    it('creates a generation\'s query indexes once it has caught up, before it goes live', async () => {
      const indexed: Projection<'tick_counts'> = {
        ...tickCounter(),
        tables: {
          tick_counts: (t) => `CREATE TABLE ${t} (stream_id text PRIMARY KEY, ticks integer NOT NULL, last_position bigint NOT NULL);
            CREATE INDEX ON ${t} (ticks);
            CREATE INDEX ${BUILD_INDEX} ON ${t} (last_position)`,
        },
      };
      const s = stream('tick');
      for (let i = 0; i < 20; i++) await store.append(s, [event('Tick')], 'any');
      const r = runner([indexed]);
      const generation = await r.createGeneration(indexed);
      const indexes = async () =>
        (await db.pool.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexdef`, [`tick_counts_g${generation}`])).rows.map((x) => x.def.replace(/^.* USING /, '')).sort();
      // While building: the key and the index its batches search by; the query index waits.
      expect(await indexes()).toEqual(['btree (last_position)', 'btree (stream_id)']);
      await r.start();
      await r.waitForPosition(await committedHead(), 10_000);
      await r.stop();
      expect(await indexes()).toEqual(['btree (last_position)', 'btree (stream_id)', 'btree (ticks)']);
      const { rows } = await db.pool.query(`SELECT status, deferred_indexes FROM projection_generations WHERE name = 'tick_counts'`);
      expect(rows).toEqual([{ status: 'live', deferred_indexes: [] }]);
    });

    it('builds a key marked as built once caught up before the generation goes live, and a build that wrote a duplicate does not go live', async () => {
      // An append-only index of ticks; `duplicate` makes it write one row twice, as a bug would.
      const ledger = (duplicate: boolean): Projection<'tick_ledger'> => ({
        name: 'tick_ledger',
        version: duplicate ? 2 : 1,
        eventTypes: ['Tick'],
        tables: {
          tick_ledger: (t) => `CREATE TABLE ${t} (stream_id text NOT NULL, position bigint NOT NULL);
            ALTER TABLE ${t} ADD ${KEY_ONCE_CAUGHT_UP} PRIMARY KEY (stream_id, position)`,
        },
        async apply(client, tables, events) {
          const rows = events.flatMap((e) => (duplicate && e === events[0] ? [e, e] : [e]));
          await client.query(`INSERT INTO ${tables.tick_ledger} SELECT * FROM unnest($1::text[], $2::bigint[])`, [rows.map((e) => e.streamId), rows.map((e) => e.position.toString())]);
        },
      });
      const s = stream('tick');
      for (let i = 0; i < 20; i++) await store.append(s, [event('Tick')], 'any');
      const keyOf = async (generation: number) =>
        (await db.pool.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [`tick_ledger_g${generation}`])).rows.map((x) => x.def.replace(/^.* USING /, ''));
      const r = runner([ledger(false)]);
      const generation = await r.createGeneration(ledger(false));
      expect(await keyOf(generation)).toEqual([]);
      await r.start();
      await r.waitForPosition(await committedHead(), 10_000);
      await r.stop();
      expect(await keyOf(generation)).toEqual(['btree (stream_id, "position")']);
      // Version 2 writes a duplicate while building: the key cannot be built, the generation never goes live.
      const broken = runner([ledger(true)]);
      await broken.start();
      const failed = async () =>
        (await db.pool.query<{ error: string | null }>(`SELECT error FROM projection_generations WHERE name = 'tick_ledger' AND version = 2`)).rows[0]?.error ?? null;
      for (let i = 0; i < 200 && (await failed()) === null; i++) await new Promise((res) => setTimeout(res, 20));
      const status = (await broken.status())[0]!;
      await broken.stop();
      // Stopped with the reason, not retried for ever; the live generation serves on.
      expect(await failed()).toMatch(/deferred indexes and keys: could not create unique index/);
      expect(status.live).toMatchObject({ generation, version: 1 });
      expect(status.building).toMatchObject({ version: 2 });
    });

    it('answers a read-your-writes wait with a clear error when the position is not reached in time', async () => {
      const r = runner([tickCounter()]);
      const error = await r.waitForPosition(10n ** 15n, 50).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReadModelTimeoutError);
      expect((error as Error).message).toMatch(/did not reach position 1000000000000000 within 50 ms \(behind: tick_counts\)/);
    });

    it('ends a settling read model\'s pause when a read-your-writes wait asks for it, and not for a mere append', async () => {
      const s = stream('t');
      const r = runner([{ ...tickCounter(), settleMs: 60_000 }]);
      await r.start();
      try {
        await store.append(s, [event('Tick')], 'any');
        await r.waitForPosition(await committedHead(), 5000); // built and live (building never settles)
        await store.append(s, [event('Tick')], 'any');
        r.nudge();
        await r.waitForPosition(await committedHead(), 5000);
        // Now pausing for a minute after that live batch: a nudged append waits out the pause …
        await store.append(s, [event('Tick')], 'any');
        r.nudge();
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await ticks()).toEqual([{ stream_id: s, ticks: 2 }]);
        // … but a reader waiting for it does not (the wait fails after 5 s of the minute).
        await r.waitForPosition(await committedHead(), 5000);
        expect(await ticks()).toEqual([{ stream_id: s, ticks: 3 }]);
      } finally {
        await r.stop();
      }
    });

    it('does not look after a nudge that names a position already applied', async () => {
      const s = stream('t');
      await store.append(s, [event('Tick')], 'any');
      const r = runner([tickCounter()], 7, 60_000);
      await r.start();
      try {
        await r.waitForPosition(await committedHead(), 5000);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the last steps end
        const looks = async (nudge: () => void) => {
          const connect = jest.spyOn(db.pool, 'connect');
          nudge();
          await new Promise((resolve) => setTimeout(resolve, 300));
          const n = connect.mock.calls.length;
          connect.mockRestore();
          return n;
        };
        // Told a position it has applied, it does not look at all; told nothing, it looks, and again at 5, 10, 20 … ms.
        expect(await looks(() => r.nudge(['Tick'], 1n))).toBe(0);
        expect(await looks(() => r.nudge(['Tick']))).toBeGreaterThanOrEqual(4);
      } finally {
        await r.stop();
      }
    });

    it('answers a read-your-writes wait from the batch it committed itself, and asks the database for what it did not', async () => {
      const s = stream('t');
      const r = runner([tickCounter()]);
      await r.start();
      try {
        for (let i = 0; i < 3; i++) await store.append(s, [event('Tick')], 'any');
        r.nudge();
        const head = await committedHead();
        await r.waitForPosition(head, 5000);
        const query = jest.spyOn(db.pool, 'query');
        await r.waitForPosition(head, 5000);
        const asked = query.mock.calls.length;
        query.mockRestore();
        expect(asked).toBe(0);
        expect(await ticks()).toEqual([{ stream_id: s, ticks: 3 }]);
        // A runner that committed nothing (as in a process that serves reads only) reads the checkpoint.
        const reader = runner([tickCounter()]);
        const readerQuery = jest.spyOn(db.pool, 'query');
        await reader.waitForPosition(head, 5000);
        expect(readerQuery.mock.calls.length).toBeGreaterThan(0);
        readerQuery.mockRestore();
      } finally {
        await r.stop();
      }
    });

    if (kind === 'postgres') {
      it('keeps looking, for longer than blind looks would, for a named position an open transaction holds back', async () => {
        const s = stream('t');
        await store.append(s, [event('Tick')], 'any');
        // A poll interval of a minute: only the looks after the nudge can find the event in time.
        const r = runner([tickCounter()], 7, 60_000);
        await r.start();
        const holder = db.newPool(1);
        try {
          await r.waitForPosition(await committedHead(), 5000);
          // A transaction with an id, older than the append: readers of the log may not pass it.
          const held = await holder.connect();
          await held.query('BEGIN');
          await held.query('SELECT txid_current()');
          const appended = await store.append(s, [event('Tick')], 'any');
          r.nudge(['Tick'], appended.position);
          // Released after the blind looks (5 + 10 + 20 + 40 + 80 ms) would have ended.
          await new Promise((resolve) => setTimeout(resolve, 400));
          expect(await ticks()).toEqual([{ stream_id: s, ticks: 1 }]);
          await held.query('COMMIT');
          held.release();
          const deadline = Date.now() + 5000;
          while ((await ticks())[0]!.ticks < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
          expect(await ticks()).toEqual([{ stream_id: s, ticks: 2 }]);
        } finally {
          await r.stop(); // the test database ends the holder's pool
        }
      });

      /** A runner of the tick counter with a pool of its own, as another service process would have. */
      const otherProcess = () => {
        const pool = db.newPool(3);
        return new ProjectionRunner(pool, new PostgresEventStore(pool), [tickCounter()], { batchSize: 3, pollIntervalMs: 20, logger });
      };

      it('runs each projection in only one process at a time, and another takes over when it stops', async () => {
        const s = stream('t');
        for (let i = 0; i < 10; i++) await store.append(s, [event('Tick')], 'any');
        const [a, b] = [otherProcess(), otherProcess()];
        await a.start();
        await a.waitForPosition(await committedHead(), 5000);
        await b.start();
        await new Promise((res) => setTimeout(res, 100));
        expect((await a.status())[0]!.runningHere).toBe(true);
        expect((await b.status())[0]!.runningHere).toBe(false);
        await a.stop();
        for (let i = 0; i < 5; i++) await store.append(s, [event('Tick')], 'any');
        await b.waitForPosition(await committedHead(), 10_000);
        expect((await b.status())[0]!.runningHere).toBe(true);
        expect((await ticks())[0]!.ticks).toBe(15);
        await b.stop();
      });

      it('singles out the failing event of several projections at once on a small pool (a failed batch gives its connection back first)', async () => {
        const s = stream('t');
        for (const type of ['Tick', 'Tick', 'Poison', 'Tick']) await store.append(s, [event(type)], 'any');
        // The lock connection and two batches fill the pool: a batch that kept its connection while
        // isolating the event would wait for a second one for ever, and so would the others.
        const pool = db.newPool(3);
        const names = ['poisoned_a', 'poisoned_b', 'poisoned_c', 'poisoned_d'];
        const r = new ProjectionRunner(pool, new PostgresEventStore(pool), names.map(failsAtPoison), { batchSize: 7, pollIntervalMs: 20, logger });
        const failed = new Set<string>();
        r.on('failed', (name: string) => failed.add(name));
        await r.start();
        try {
          for (const deadline = Date.now() + 10_000; failed.size < names.length && Date.now() < deadline; ) await new Promise((res) => setTimeout(res, 20));
          expect([...failed].sort()).toEqual(names);
          const { rows } = await db.pool.query<{ name: string; error: string }>(`SELECT name, error FROM projection_generations WHERE error IS NOT NULL ORDER BY name`);
          expect(rows.map((row) => row.name)).toEqual(names);
          expect(rows.every((row) => row.error === 'Poison: cannot digest poison')).toBe(true);
        } finally {
          await r.stop();
        }
      });

      it('reads a live batch from the committed checkpoint when the one it last saw is out of date (another process moved it)', async () => {
        const s = stream('t');
        for (let i = 0; i < 10; i++) await store.append(s, [event('Tick')], 'any');
        const [a, b] = [otherProcess(), otherProcess()];
        await b.start();
        await b.waitForPosition(await committedHead(), 5000);
        await b.stop();
        // b last saw the checkpoint at the 10th event; a moves it on while b is stopped.
        for (let i = 0; i < 5; i++) await store.append(s, [event('Tick')], 'any');
        await a.start();
        await a.waitForPosition(await committedHead(), 5000);
        await a.stop();
        for (let i = 0; i < 4; i++) await store.append(s, [event('Tick')], 'any');
        await b.start();
        b.nudge(['Tick']);
        await b.waitForPosition(await committedHead(), 5000);
        await b.stop();
        // Read from b's own (old) checkpoint, the 5 events a applied would count twice.
        expect((await ticks())[0]!.ticks).toBe(19);
      });

      it('survives the loss of its lock connection (terminated by the server): gives the projections up, takes their locks again on a new connection and goes on from the checkpoint', async () => {
        const s = stream('t');
        for (let i = 0; i < 5; i++) await store.append(s, [event('Tick')], 'any');
        const key = ':boligbok:projection:tick_counts';
        const lines: string[] = [];
        const logged = createLogger('info', { write: (line: string) => lines.push(line) });
        const r = new ProjectionRunner(db.pool, store, [tickCounter()], { batchSize: 3, pollIntervalMs: 20, logger: logged });
        await r.start();
        try {
          await r.waitForPosition(await committedHead(), 5000);
          const first = await advisoryLockHolder(db.pool, key);
          expect(first).toBeDefined();
          await db.pool.query('SELECT pg_terminate_backend($1)', [first]);
          for (let i = 0; i < 5; i++) await store.append(s, [event('Tick')], 'any');
          await r.waitForPosition(await committedHead(), 10_000);
          expect(await ticks()).toEqual([{ stream_id: s, ticks: 10 }]);
          const second = await advisoryLockHolder(db.pool, key);
          expect(second).toBeDefined();
          expect(second).not.toBe(first);
          expect((await r.status())[0]!.runningHere).toBe(true);
          expect(lines.some((line) => line.includes('the connection holding the locks of the projections was lost'))).toBe(true);
        } finally {
          await r.stop();
        }
        // The locks went back with the new connection: nobody holds them after the stop.
        expect(await advisoryLockHolder(db.pool, key)).toBeUndefined();
      });
    }
  });
}
