import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { tableChecksum } from '../../src/projections/read-model-checksum.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../../src/portfolio/dwelling/dwelling.commands.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const TABLES = [
  'dwellings',
  'dwelling_conditions',
  'rental_housing_grants',
  'portfolio_ledger',
  'dwellings_history',
  'dwelling_conditions_history',
  'rental_housing_grants_history',
  'portfolio_buildings',
  'portfolio_counts',
];

function description(i: number) {
  return {
    matrikkel: { kommunenummer: '1505', gardsnummer: 10 + (i % 4), bruksnummer: 1, festenummer: null, seksjonsnummer: null },
    bruksenhetsnummer: `H01${String((i % 90) + 1).padStart(2, '0')}`,
    address: { street: `Storgata ${i % 4}`, postalCode: '6509', postalTown: 'Kristiansund' },
    district: i % 2 ? 'Nordlandet' : 'Innlandet',
    dwellingType: 'ordinary' as const,
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 50 + i,
    floor: 1,
    wheelchairAccessible: i % 3 === 0,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership: 'municipal' as const,
    leaseInEndDate: null,
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`dwellings projection on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '7', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    const run = async (command: DwellingCommand) =>
      runtime.executor.execute(dwellingDecider, dwellingStreamId(command.dwellingId), command, {
        actor: 'test',
        role: 'caseworker',
        correlationId: uuidv7(),
        occurredAt: '2025-01-01T00:00:00.000Z',
      });

    it('projects a history of acquisitions, assessments, renovations and sales, and a rebuild comes out identical', async () => {
      let last = 0n;
      for (let i = 0; i < 24; i++) {
        const dwellingId = uuidv7();
        await run({
          type: 'AcquireDwelling',
          dwellingId,
          ...description(i),
          acquiredOn: '2010-03-01',
          acquisition: { method: 'purchase', price: 2_000_000 + i, financing: { rentalHousingGrant: i % 2 ? { amount: 500_000, grantDate: '2010-03-01', writeDownYears: 20 } : null, husbankenLoan: 0, ownFunds: 2_000_000 } },
        } as DwellingCommand);
        await run({ type: 'RecordConditionAssessment', dwellingId, grade: i % 4 === 0 ? 'TG3' : 'TG1', buildingPart: 'overall', assessor: 'Takst', assessedOn: '2020-01-01', reportReference: `R${i}` } as DwellingCommand);
        if (i % 4 === 0) {
          await run({ type: 'MarkForDisposal', dwellingId, markedOn: '2021-01-01', reason: 'poor-condition', note: null } as DwellingCommand);
          const sold = await run({ type: 'SellDwelling', dwellingId, soldOn: '2031-01-01', price: 1_500_000, buyer: 'open-market', grantSettlement: null } as DwellingCommand);
          last = sold.position!;
        } else {
          const r = await run({ type: 'StartRenovation', dwellingId, startedOn: '2022-01-01', scope: 'kitchen', expectedCompletionOn: null } as DwellingCommand);
          last = r.position!;
        }
      }
      await runtime.runner.waitForPosition(last, 10_000);
      const { rows } = await runtime.pool.query(`SELECT status, count(*)::int AS n FROM dwellings GROUP BY status ORDER BY status`);
      expect(rows).toEqual([{ status: 'sold', n: 6 }, { status: 'under-renovation', n: 18 }]);
      const ledger = await runtime.pool.query(`SELECT entry, count(*)::int AS n FROM portfolio_ledger GROUP BY entry ORDER BY entry`);
      expect(ledger.rows).toEqual([{ entry: 'acquired', n: 24 }, { entry: 'sold', n: 6 }]);

      const before = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      const generation = await runtime.runner.requestRebuild('dwellings');
      for (let i = 0; i < 300 && (await runtime.runner.status()).find((s) => s.name === 'dwellings')!.live?.generation !== generation; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const after = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      expect(after).toEqual(before);
      expect(before[0]!.rows).toBe(24);
    });

    it('projections verify: a shadow rebuild compares identical with the live model, and a tampered row is found', async () => {
      const clean = await runtime.runner.verifyAgainstShadow('dwellings');
      expect(clean.identical).toBe(true);
      expect(clean.tables.map((t) => t.table)).toEqual(TABLES);
      expect(clean.tables[0]).toMatchObject({ liveRows: 24, rebuiltRows: 24, identical: true });
      // Someone edits the read model directly: the comparison names the table.
      await runtime.pool.query(`UPDATE dwellings SET rooms = rooms + 1 WHERE dwelling_id = (SELECT dwelling_id FROM dwellings ORDER BY dwelling_id LIMIT 1)`);
      const tampered = await runtime.runner.verifyAgainstShadow('dwellings');
      expect(tampered.identical).toBe(false);
      expect(tampered.tables.filter((t) => !t.identical).map((t) => t.table)).toEqual(['dwellings']);
      const { rows } = await runtime.pool.query(`SELECT to_regclass('dwellings_shadow') AS t`);
      expect(rows[0].t).toBeNull();
    });
  });
}
