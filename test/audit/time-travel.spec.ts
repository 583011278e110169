import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../../src/portfolio/dwelling/dwelling.commands.js';
import type { Dwelling, DwellingState } from '../../src/portfolio/dwelling/dwelling.state.js';
import { DwellingReadModel } from '../../src/portfolio/dwelling-read-model.js';
import { PortfolioSummaryReadModel } from '../../src/portfolio/portfolio-summary.read-model.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { replayLog } from '../../src/audit/replay/replay-log.js';
import { replayedPortfolioSummary } from '../../src/audit/replay/replayed-portfolio-summary.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { random } from '../support/seeded-random.js';


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GRADE_ORDER: Record<string, number> = { TG3: 3, TG2: 2, TG1: 1, TG0: 0, TGIU: -1 };

function description(i: number, r: ReturnType<typeof random>) {
  const ownership = r.pick(['municipal', 'municipal', 'property-company', 'leased-in'] as const);
  return {
    matrikkel: { kommunenummer: r.pick(['1505', '0301']), gardsnummer: 10 + r.int(3), bruksnummer: 1, festenummer: null, seksjonsnummer: null },
    bruksenhetsnummer: `H01${String(i + 1).padStart(2, '0')}`,
    address: { street: `Storgata ${r.int(3)}`, postalCode: '6509', postalTown: 'Kristiansund' },
    district: r.pick(['Nordlandet', 'Innlandet']),
    dwellingType: r.pick(['ordinary', 'temporary', 'care-near-base'] as const),
    rooms: 3,
    bedrooms: 1 + r.int(2),
    primaryAreaM2: 40 + r.int(40),
    floor: r.int(4),
    wheelchairAccessible: r.next() < 0.4,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership,
    leaseInEndDate: ownership === 'leased-in' ? '2030-01-01' : null,
  };
}

/** A command that may or may not be allowed in the dwelling's state: the decider decides. */
function someCommand(dwellingId: string, i: number, known: boolean, r: ReturnType<typeof random>): DwellingCommand {
  if (!known) {
    return r.next() < 0.5
      ? ({ type: 'RegisterDwelling', dwellingId, ...description(i, r), registeredOn: '2015-01-01' } as DwellingCommand)
      : ({
          type: 'AcquireDwelling',
          dwellingId,
          ...description(i, r),
          ownership: 'municipal',
          leaseInEndDate: null,
          acquiredOn: '2016-05-01',
          acquisition: { method: 'purchase', price: 2_000_000, financing: { rentalHousingGrant: r.next() < 0.5 ? { amount: 600_000, grantDate: '2016-05-01', writeDownYears: 20 } : null, husbankenLoan: 0, ownFunds: 2_000_000 } },
        } as DwellingCommand);
  }
  const day = `20${20 + r.int(5)}-0${1 + r.int(9)}-1${r.int(9)}`;
  const applicationId = '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11';
  const leaseId = '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d12';
  const commands: DwellingCommand[] = [
    { type: 'RecordConditionAssessment', dwellingId, grade: r.pick(['TG0', 'TG1', 'TG2', 'TG3', 'TGIU']), buildingPart: r.pick(['overall', 'roof', 'bathroom']), assessor: 'Takst AS', assessedOn: day, reportReference: `R-${r.int(1000)}` },
    { type: 'StartRenovation', dwellingId, startedOn: day, scope: 'kitchen', expectedCompletionOn: null },
    { type: 'CompleteRenovation', dwellingId, completedOn: day },
    { type: 'ReserveDwelling', dwellingId, applicationId, reservedOn: day },
    { type: 'ReleaseReservation', dwellingId, applicationId, releasedOn: day, reason: 'offer declined' },
    { type: 'MarkLet', dwellingId, leaseId, applicationId: r.next() < 0.5 ? applicationId : null, letOn: day },
    { type: 'MarkVacated', dwellingId, leaseId, vacatedOn: day },
    { type: 'MarkForDisposal', dwellingId, markedOn: day, reason: 'poor-condition', note: null },
    { type: 'CancelDisposal', dwellingId, cancelledOn: day, reason: 'kept' },
    { type: 'SellDwelling', dwellingId, soldOn: '2026-01-01', price: 1_500_000, buyer: 'open-market', grantSettlement: { kind: 'repayment', amount: null, overrideJustification: null } },
    { type: 'EndLeaseIn', dwellingId, endedOn: day },
    { type: 'RecordRentalHousingGrant', dwellingId, grant: { amount: 300_000, grantDate: '2018-01-01', writeDownYears: 30 } },
    { type: 'UpdateDwellingDetails', dwellingId, correctedOn: day, changes: { rooms: 2 + r.int(3), wheelchairAccessible: r.next() < 0.5, district: r.pick(['Nordlandet', 'Innlandet', 'Sentrum']) }, reason: 'measured' },
  ] as unknown as DwellingCommand[];
  return r.pick(commands);
}

/** The dwelling as the replayed state says the read model must show it. */
function expectedDwelling(state: Dwelling, revision: bigint) {
  const parts = Object.entries(state.conditionByBuildingPart);
  const overall = state.conditionByBuildingPart.overall;
  const worst = parts.sort(([, a], [, b]) => GRADE_ORDER[b.grade]! - GRADE_ORDER[a.grade]!)[0]?.[1];
  return {
    status: state.status,
    rooms: state.description.rooms,
    district: state.description.district,
    ownership: state.description.ownership,
    wheelchairAccessible: state.description.wheelchairAccessible,
    conditionGrade: (overall ?? worst)?.grade ?? null,
    revision: revision.toString(),
    conditions: Object.keys(state.conditionByBuildingPart).sort(),
    grants: state.rentalHousingGrants.length,
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`time travel on ${kind}: asOf answers equal a replay of the log up to that instant`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '13', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('for a seeded random history of dwelling commands, at many instants, the dwelling and the portfolio summary', async () => {
      const r = random(20261122);
      const ids = Array.from({ length: 8 }, () => uuidv7());
      const known = new Set<string>();
      let refused = 0;
      for (let step = 0; step < 220; step++) {
        const i = step < ids.length ? step : r.int(ids.length);
        const dwellingId = ids[i]!;
        const command = someCommand(dwellingId, i, known.has(dwellingId), r);
        try {
          await runtime.executor.execute(dwellingDecider, dwellingStreamId(dwellingId), command, {
            actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: '2025-01-01T00:00:00.000Z',
          });
          known.add(dwellingId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused++;
        }
        // Spread the recording times so instants fall between events, and some share a millisecond.
        if (r.next() < 0.6) await sleep(1 + r.int(4));
      }
      await runtime.runner.waitForPosition(await runtime.store.headPosition(), 20_000, ['dwellings']);

      const log: RecordedEvent[] = [];
      for await (const e of runtime.store.readAll()) log.push(e);
      expect(log.length).toBeGreaterThan(40);
      expect(refused).toBeGreaterThan(0);
      const times = [...new Set(log.map((e) => Date.parse(e.metadata.recordedAt)))].sort((a, b) => a - b);
      const instants = new Set<number>([times[0]! - 1000, times.at(-1)! + 1000]);
      for (const t of times) {
        instants.add(t);
        // Just before a recording, and between recordings (sampled: every instant costs ~30 queries).
        if (r.next() < 0.5) instants.add(t - 1);
        if (r.next() < 0.2) instants.add(t + r.int(3));
      }

      const dwellings = new DwellingReadModel(runtime.pool);
      const summaries = new PortfolioSummaryReadModel(runtime.pool, dwellings);
      let compared = 0;
      for (const t of [...instants].sort((a, b) => a - b)) {
        const asOf = { recordedAt: new Date(t).toISOString() };
        const replay = await replayLog(runtime.store, { until: asOf, log });
        const states = [...replay.states.values()] as DwellingState[];
        for (const id of ids) {
          const state = replay.states.get(dwellingStreamId(id)) as DwellingState | undefined;
          const row = await dwellings.byId(id, asOf);
          if (!state || state.status === 'unregistered') {
            expect(row).toBeUndefined();
            continue;
          }
          const revision = BigInt(log.filter((e) => e.streamId === dwellingStreamId(id) && Date.parse(e.metadata.recordedAt) <= t).length - 1);
          const conditions = await dwellings.conditions(id, asOf);
          const grants = await dwellings.grants(id, asOf);
          // The one-round-trip read (a query that selects the conditions) gives the same row and rows.
          expect(await dwellings.byIdWithConditions(id, asOf)).toEqual({ ...row, conditions });
          expect({
            status: row!.status,
            rooms: row!.rooms,
            district: row!.district,
            ownership: row!.ownership,
            wheelchairAccessible: row!.wheelchair_accessible,
            conditionGrade: row!.condition_grade,
            revision: row!.revision,
            conditions: conditions.map((c) => c.building_part).sort(),
            grants: grants.length,
          }).toEqual(expectedDwelling(state, revision));
          compared++;
        }
        const on = '2027-06-30';
        expect(await summaries.summary(on, null, asOf)).toEqual(replayedPortfolioSummary(states, on));
        expect(await summaries.summary(on, '1505', asOf)).toEqual(replayedPortfolioSummary(states, on, '1505'));
      }
      expect(compared).toBeGreaterThan(80);

      // The same by log position: every event's position is an instant of its own.
      for (const event of log.filter((_, n) => n % 5 === 0)) {
        const asOf = { position: event.position };
        const replay = await replayLog(runtime.store, { until: asOf, log });
        const on = '2027-06-30';
        expect(await summaries.summary(on, null, asOf)).toEqual(replayedPortfolioSummary(replay.states.values() as Iterable<DwellingState>, on));
      }

      // And the present: asOf after the last event equals the live read model.
      const now = { recordedAt: new Date(times.at(-1)! + 1000).toISOString() };
      expect(await summaries.summary('2027-06-30', null, now)).toEqual(await summaries.summary('2027-06-30', null));
    }, 300_000);
  });
}
