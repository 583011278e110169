import { CommandExecutor } from '../../src/command-handling/command-executor.js';
import { migrate } from '../../src/database/migrator.js';
import type { CommandContext, RecordedEvent } from '../../src/event-store/event-envelope.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../../src/event-store/postgres/event-store.migrations.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import type { Decider } from '../../src/shared-kernel/decider.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { event, stream } from '../event-store/event-store.contract.js';

/** Version 1 of Measured held square metres; version 2 holds an area with its unit. */
type Measured = { type: 'Measured'; data: { area: { value: number; unit: 'm2' } } };
type MeasuredV1 = { squareMetres: number };

/** Lifts version 1 to 2. Applied to data already in version 2 it loses the value: an event must never be upcast twice. */
const measuredV1ToV2 = (data: unknown) => ({ area: { value: (data as MeasuredV1).squareMetres, unit: 'm2' } });

/** Records measurements; its state is every area measured, in order. */
const measurements: Decider<{ type: 'Measure'; squareMetres: number }, Measured, Array<number | undefined>> = {
  initialState: [],
  decide: (command) => [{ type: 'Measured', data: { area: { value: command.squareMetres, unit: 'm2' } } }],
  evolve: (state, e) => [...state, e.data.area.value],
};

const context: CommandContext = { actor: 'user-1', role: 'caseworker', correlationId: 'c-1', occurredAt: '2025-03-01T10:00:00.000Z' };

for (const kind of testDatabaseKinds()) {
  describe(`command executor on ${kind}: new events are written in their type's current schema version`, () => {
    let db: TestDatabase;
    let upcasters: UpcasterRegistry;
    let store: PostgresEventStore;
    beforeEach(async () => {
      db = await createTestDatabase(kind);
      await migrate(db.pool, eventStoreMigrations);
      upcasters = new UpcasterRegistry().register('Measured', 1, measuredV1ToV2);
      store = new PostgresEventStore(db.pool, upcasters);
    });
    afterEach(() => db.drop());

    const storedRows = async (streamId: string) =>
      (await db.pool.query<{ schema_version: number; data: unknown }>('SELECT schema_version, data FROM events WHERE stream_id = $1 ORDER BY revision', [streamId])).rows;
    const read = async (streamId: string) => {
      const out: RecordedEvent[] = [];
      for await (const e of store.readStream(streamId)) out.push(e);
      return out;
    };

    it('stores a decided event in the version it was decided in, and reads it back unchanged (not upcast again)', async () => {
      const executor = new CommandExecutor(store, 3);
      const s = stream('measurement');
      await executor.execute(measurements, s, { type: 'Measure', squareMetres: 50 }, context);
      expect(await storedRows(s)).toEqual([{ schema_version: 2, data: { area: { value: 50, unit: 'm2' } } }]);
      const [recorded] = await read(s);
      expect(recorded).toMatchObject({ schemaVersion: 2, data: { area: { value: 50, unit: 'm2' } } });
      expect(recorded!.stored).toBeUndefined();
      const second = await executor.execute(measurements, s, { type: 'Measure', squareMetres: 60 }, context);
      expect(second.state).toEqual([50, 60]);
      expect((await executor.load(measurements, s)).state).toEqual([50, 60]);
    });

    it('upcasts an event stored in version 1 before the upcaster existed once, beside the new ones', async () => {
      const s = stream('measurement');
      await new PostgresEventStore(db.pool).append(s, [event('Measured', { squareMetres: 40 }, 1)], 'no_stream');
      const executor = new CommandExecutor(store, 3);
      const result = await executor.execute(measurements, s, { type: 'Measure', squareMetres: 50 }, context);
      expect(result.state).toEqual([40, 50]);
      expect((await storedRows(s)).map((r) => r.schema_version)).toEqual([1, 2]);
      expect((await read(s)).map((e) => [e.schemaVersion, e.data, e.stored])).toEqual([
        [2, { area: { value: 40, unit: 'm2' } }, { schemaVersion: 1, data: { squareMetres: 40 } }],
        [2, { area: { value: 50, unit: 'm2' } }, undefined],
      ]);
    });

    it('stamps envelopes for events appended beside it (newEvents) with the same versions', () => {
      const executor = new CommandExecutor(store, 3);
      const envelopes = executor.newEvents([{ type: 'Measured', data: { area: { value: 1, unit: 'm2' } } }, { type: 'Other', data: {} }], context);
      expect(envelopes.map((e) => [e.type, e.schemaVersion])).toEqual([
        ['Measured', 2],
        ['Other', 1],
      ]);
    });

    it('without upcasters (as tests and tools build it) writes version 1', async () => {
      const s = stream('measurement');
      await new CommandExecutor(new PostgresEventStore(db.pool), 3).execute(measurements, s, { type: 'Measure', squareMetres: 50 }, context);
      expect((await storedRows(s)).map((r) => r.schema_version)).toEqual([1]);
    });
  });
}
