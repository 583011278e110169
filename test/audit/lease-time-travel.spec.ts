import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { leaseDecider } from '../../src/leases/lease/lease.decider.js';
import type { LeaseCommand } from '../../src/leases/lease/lease.commands.js';
import type { LeaseState } from '../../src/leases/lease/lease.state.js';
import { LeasesReadModel } from '../../src/leases/leases.read-model.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { replayLog } from '../../src/audit/replay/replay-log.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { random } from '../support/seeded-random.js';


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const rules = { minimumTimeLimitedMonths: 36, temporaryHousingAimMonths: 6 };

/** A command that may or may not be allowed in the lease's state: the decider decides. */
function someCommand(leaseId: string, known: boolean, step: number, r: ReturnType<typeof random>): LeaseCommand {
  const actor = 'caseworker-1';
  if (!known) {
    const timeLimited = r.next() < 0.5;
    return {
      type: 'SignLease', leaseId, householdId: uuidv7(), memberIds: [], dwellingId: uuidv7(),
      origin: { kind: 'opening-balance', importReference: `IMP-${step}` }, contractType: 'ordinary',
      signedOn: day(step), startDate: day(step), endDate: timeLimited ? day(step + 3 * 366) : null,
      termLegalBasis: timeLimited ? 'husleieloven § 11-1' : null, monthlyRent: 8000 + r.int(4000), security: { kind: 'none' },
      previousLeaseId: null, rules, actor,
    };
  }
  const commands: LeaseCommand[] = [
    { type: 'AdjustRent', leaseId, adjustedOn: day(step), effectiveFrom: day(step + 30), newRent: 8000 + r.int(5000), basis: 'agreement', indexReference: null, actor },
    { type: 'RenewLease', leaseId, newEndDate: day(step + 5 * 366), termLegalBasis: 'husleieloven § 11-1', decidedOn: day(step), notifiedOn: day(step), legalBasis: 'tildelingsforskriften § 9', reasons: 'still qualifies', rules, actor },
    { type: 'GiveNotice', leaseId, givenBy: r.pick(['tenant', 'landlord'] as const), givenOn: day(step), effectiveOn: day(step + 90), reason: 'moving', actor },
    { type: 'EndLease', leaseId, endedOn: day(step + 1), reason: 'moved-out', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor },
  ];
  return r.pick(commands);
}

for (const kind of testDatabaseKinds()) {
  describe(`time travel on ${kind}: a lease asOf equals a replay of the log up to that instant`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '9', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('for a seeded random history of lease commands, at many instants, status, rent, end date, notice and end', async () => {
      const r = random(4711);
      const ids = Array.from({ length: 6 }, () => uuidv7());
      const known = new Set<string>();
      for (let step = 0; step < 90; step++) {
        const leaseId = step < ids.length ? ids[step]! : r.pick(ids);
        try {
          await runtime.executor.execute(leaseDecider, leaseStreamId(leaseId), someCommand(leaseId, known.has(leaseId), step * 3, r), {
            actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: '2025-01-01T00:00:00.000Z',
          });
          known.add(leaseId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
        if (r.next() < 0.6) await sleep(1 + r.int(4));
      }
      await runtime.runner.waitForPosition(await runtime.store.headPosition(), 20_000, ['leases']);

      const log: RecordedEvent[] = [];
      for await (const e of runtime.store.readAll()) log.push(e);
      const types = new Set(log.map((e) => e.type));
      for (const t of ['LeaseSigned', 'RentAdjusted', 'LeaseNoticeGiven', 'LeaseEnded']) expect(types).toContain(t);
      const times = [...new Set(log.map((e) => Date.parse(e.metadata.recordedAt)))].sort((a, b) => a - b);
      const instants = new Set<number>([times[0]! - 1000, times.at(-1)! + 1000]);
      for (const t of times) {
        instants.add(t);
        instants.add(t - 1);
      }
      const leases = new LeasesReadModel(runtime.pool);
      let compared = 0;
      for (const t of [...instants].sort((a, b) => a - b)) {
        const asOf = { recordedAt: new Date(t).toISOString() };
        const replay = await replayLog(runtime.store, { until: asOf, log });
        for (const id of ids) {
          const state = (replay.states.get(leaseStreamId(id)) as LeaseState | undefined) ?? { status: 'none' as const };
          const row = await leases.byId(id, asOf);
          if (state.status === 'none' || state.status === 'abandoned') {
            expect(row).toBeNull();
            continue;
          }
          expect({ status: row!.status, rent: row!.monthly_rent, endDate: row!.end_date, notice: row!.notice_given_on, ended: row!.ended_on }).toEqual({
            // The read model names an active lease with notice given 'under-notice'.
            status: state.status === 'active' && state.notice ? 'under-notice' : state.status, rent: state.monthlyRent, endDate: state.endDate, notice: state.notice?.givenOn ?? null, ended: state.ended?.endedOn ?? null,
          });
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(100);
    }, 300_000);
  });
}
