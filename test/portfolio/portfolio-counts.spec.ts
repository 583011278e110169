import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../../src/portfolio/dwelling/dwelling.commands.js';
import type { DwellingState } from '../../src/portfolio/dwelling/dwelling.state.js';
import { DwellingReadModel } from '../../src/portfolio/dwelling-read-model.js';
import { PortfolioSummaryReadModel } from '../../src/portfolio/portfolio-summary.read-model.js';
import { replayLog } from '../../src/audit/replay/replay-log.js';
import { replayedPortfolioSummary } from '../../src/audit/replay/replayed-portfolio-summary.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

/** Two municipalities, four buildings each, a mix of types, ownership and accessibility. */
function description(i: number) {
  const kommunenummer = i % 5 === 0 ? '1506' : '1505';
  return {
    matrikkel: { kommunenummer, gardsnummer: 10 + (i % 4), bruksnummer: 1, festenummer: null, seksjonsnummer: null },
    bruksenhetsnummer: `H01${String((i % 90) + 1).padStart(2, '0')}`,
    address: { street: `Storgata ${i % 4}`, postalCode: '6509', postalTown: 'Kristiansund' },
    district: i % 2 ? 'Nordlandet' : 'Innlandet',
    dwellingType: (['ordinary', 'care-near-base', 'ordinary', 'temporary'] as const)[i % 4],
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 50 + i,
    floor: 1,
    wheelchairAccessible: i % 3 === 0,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership: i % 6 === 1 ? ('leased-in' as const) : ('municipal' as const),
    leaseInEndDate: i % 6 === 1 ? '2030-12-31' : null,
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`portfolio counts on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let summaries: PortfolioSummaryReadModel;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '5', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
      summaries = new PortfolioSummaryReadModel(runtime.pool, new DwellingReadModel(runtime.pool));
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    let last = 0n;
    const run = async (command: DwellingCommand) => {
      const result = await runtime.executor.execute(dwellingDecider, dwellingStreamId(command.dwellingId), command, {
        actor: 'test',
        role: 'caseworker',
        correlationId: uuidv7(),
        occurredAt: '2025-01-01T00:00:00.000Z',
      });
      last = result.position!;
      return result;
    };

    /** The counts kept by the triggers, against the same counts folded from the log and aggregated over the history. */
    async function expectCountsAsFoldedFromTheLog() {
      await runtime.runner.waitForPosition(last, 10_000);
      const replay = await replayLog(runtime.store, { until: { position: last } });
      const states = [...replay.states.values()] as DwellingState[];
      for (const kommunenummer of [null, '1505', '1506', '9999']) {
        const { on: _on, outstandingGrants: _grants, ...folded } = replayedPortfolioSummary(states, '2027-06-30', kommunenummer);
        expect(await summaries.counts(kommunenummer)).toEqual(folded);
        expect(await summaries.counts(kommunenummer, { position: last })).toEqual(folded);
      }
    }

    it('counts every dwelling that enters the portfolio, by type, ownership, status, accessibility and building', async () => {
      await runtime.runner.waitForPosition(0n, 10_000, ['dwellings']);
      expect(await summaries.counts(null)).toEqual({
        dwellingsInPortfolio: 0, byType: [], byOwnership: [], byStatus: [], wheelchairAccessible: 0, wheelchairAccessibleShare: 0, buildings: 0,
      });
      for (let i = 0; i < 30; i++) {
        const dwellingId = `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        if (i % 2) await run({ type: 'RegisterDwelling', dwellingId, ...description(i), registeredOn: '2020-01-01' } as DwellingCommand);
        else {
          await run({
            type: 'AcquireDwelling',
            dwellingId,
            ...description(i),
            acquiredOn: '2021-03-01',
            acquisition: { method: 'purchase', price: 2_000_000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 2_000_000 } },
          } as DwellingCommand);
        }
      }
      await expectCountsAsFoldedFromTheLog();
      expect((await summaries.counts('1505')).buildings).toBe(4);
      expect((await summaries.counts(null)).dwellingsInPortfolio).toBe(30);
    });

    it('follows status changes, and a building leaves the count with its last dwelling in the portfolio', async () => {
      const id = (i: number) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      await run({ type: 'StartRenovation', dwellingId: id(2), startedOn: '2022-01-01', scope: 'kitchen', expectedCompletionOn: null } as DwellingCommand);
      await run({ type: 'MarkLet', dwellingId: id(4), letOn: '2022-02-01', leaseId: 'lease-1', applicationId: null } as DwellingCommand);
      // Every dwelling of building 1506 gnr 10 (i = 0, 20) leaves: sold on the open market.
      for (const i of [0, 20]) {
        await run({ type: 'MarkForDisposal', dwellingId: id(i), markedOn: '2023-01-01', reason: 'poor-condition', note: null } as DwellingCommand);
        await run({ type: 'SellDwelling', dwellingId: id(i), soldOn: '2023-06-01', price: 1_500_000, buyer: 'open-market', grantSettlement: null } as DwellingCommand);
      }
      await run({ type: 'EndLeaseIn', dwellingId: id(1), endedOn: '2024-01-01' } as DwellingCommand);
      await expectCountsAsFoldedFromTheLog();
      expect((await summaries.counts('1506')).buildings).toBe(3);
    });

    it('follows corrections that move a dwelling to another building, type or municipality', async () => {
      const id = (i: number) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      await run({ type: 'UpdateDwellingDetails', dwellingId: id(3), correctedOn: '2024-02-01', reason: 'wrong street', changes: { address: { street: 'Nygata 1', postalCode: '6509', postalTown: 'Kristiansund' } } } as DwellingCommand);
      await run({ type: 'UpdateDwellingDetails', dwellingId: id(7), correctedOn: '2024-02-01', reason: 'wrong type', changes: { dwellingType: 'care-with-staff-base', wheelchairAccessible: true } } as DwellingCommand);
      await run({
        type: 'UpdateDwellingDetails',
        dwellingId: id(9),
        correctedOn: '2024-02-01',
        reason: 'wrong municipality',
        changes: { matrikkel: { kommunenummer: '1506', gardsnummer: 99, bruksnummer: 1, festenummer: null, seksjonsnummer: null } },
      } as DwellingCommand);
      await expectCountsAsFoldedFromTheLog();
    });

    it('while an upgrade still builds the generation with the counts, the summary aggregates over the live dwellings', async () => {
      const kept = await summaries.counts('1505');
      await runtime.pool.query('ALTER VIEW portfolio_counts RENAME TO portfolio_counts_not_yet_built');
      try {
        expect(await summaries.counts('1505')).toEqual(kept);
      } finally {
        await runtime.pool.query('ALTER VIEW portfolio_counts_not_yet_built RENAME TO portfolio_counts');
      }
    });

    it('a rebuild of the dwellings projection comes to the same counts', async () => {
      const before = await summaries.counts(null);
      const generation = await runtime.runner.requestRebuild('dwellings');
      for (let i = 0; i < 500 && (await runtime.runner.status()).find((s) => s.name === 'dwellings')!.live?.generation !== generation; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await runtime.runner.status()).find((s) => s.name === 'dwellings')!.live?.generation).toBe(generation);
      expect(await summaries.counts(null)).toEqual(before);
      // The retired generation's trigger functions go with its tables (dropped just after the swap commits); the live one's stay.
      const expected = ['after_delete', 'after_insert', 'after_truncate', 'after_update'].map((f) => `portfolio_counts_g${generation}_${f}`);
      const functions = async () =>
        (
          await db.pool.query<{ proname: string }>(
            `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.proname LIKE 'portfolio\\_counts\\_g%' ORDER BY 1`,
          )
        ).rows.map((r) => r.proname);
      for (let i = 0; i < 500 && JSON.stringify(await functions()) !== JSON.stringify(expected); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await functions()).toEqual(expected);
    });
  });
}
