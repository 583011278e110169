import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import type { ApplicationCommand } from '../../src/applications/application/application.commands.js';
import type { ApplicationState } from '../../src/applications/application/application.state.js';
import { ApplicationsReadModel } from '../../src/applications/applications.read-model.js';
import { waitingListEntry } from '../../src/applications/waiting-list/waiting-list-entry.js';
import { waitingListPage } from '../../src/applications/waiting-list/waiting-list-order.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { replayLog } from '../../src/audit/replay/replay-log.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { random } from '../support/seeded-random.js';


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function day(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A command that may or may not be allowed in the application's state: the decider decides. */
function someCommand(applicationId: string, known: boolean, step: number, r: ReturnType<typeof random>): ApplicationCommand {
  const actor = 'caseworker-1';
  const on = day(step);
  if (!known) {
    return {
      type: 'SubmitApplication', applicationId, actor, kind: 'new', currentLeaseId: null, submittedOn: on,
      household: { applicantId: uuidv7(), memberIds: [], children: r.int(3) },
      housingSituation: r.pick(['without-home', 'at-risk-of-losing-home', 'unsuitable-home'] as const),
      categories: [], refugeeArrivalDate: null,
      needs: { minBedrooms: 1 + r.int(2), wheelchairAccessible: r.next() < 0.3, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] },
      urgency: r.pick(['acute', 'high', 'normal'] as const),
    };
  }
  const commands: ApplicationCommand[] = [
    { type: 'DecideApplication', applicationId, actor, outcome: r.next() < 0.8 ? 'approved' : 'rejected', legalBasis: 'tildelingsforskriften § 3', reasons: 'meets the criteria', decidedOn: on, notifiedOn: on, validityMonths: 12 },
    { type: 'DecideApplication', applicationId, actor, outcome: 'approved', legalBasis: 'tildelingsforskriften § 3', reasons: 'meets the criteria', decidedOn: on, notifiedOn: on, validityMonths: 12 },
    { type: 'ReceiveAppeal', applicationId, actor, receivedOn: on },
    { type: 'DecideAppeal', applicationId, actor, outcome: r.pick(['upheld', 'reversed'] as const), legalBasis: 'fvl. § 34', reasons: 'reconsidered', decidedOn: on, notifiedOn: on, validityMonths: 12 },
    { type: 'WithdrawApplication', applicationId, actor, withdrawnOn: on, reason: null, validityMonths: 12 },
    { type: 'MarkOffered', applicationId, actor, offerId: uuidv7(), dwellingId: uuidv7(), offeredOn: on, validityMonths: 12 },
    { type: 'MarkOfferDeclinedOrExpired', applicationId, actor, offerId: 'current', offerOutcome: 'expired', returnedOn: on, reason: null, listDatePolicy: r.pick(['keep-original-date', 'restart-date'] as const) },
    { type: 'ExpireApproval', applicationId, actor, recordedOn: day(step + 400), validityMonths: 12 },
    { type: 'RenewApproval', applicationId, actor, renewedOn: on, reasons: 'still in need', listDatePolicy: 'keep-original-date', validityMonths: 12 },
  ];
  return r.pick(commands);
}

for (const kind of testDatabaseKinds()) {
  describe(`time travel on ${kind}: the waiting list asOf equals a replay of the log up to that instant`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '11', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('for a seeded random history of application commands, at many instants, the places and reasons', async () => {
      const r = random(1122);
      const ids = Array.from({ length: 10 }, () => uuidv7());
      const known = new Set<string>();
      const offers = new Map<string, string>();
      for (let step = 0; step < 160; step++) {
        const applicationId = step < ids.length ? ids[step]! : r.pick(ids);
        let command = someCommand(applicationId, known.has(applicationId), step, r);
        if (command.type === 'MarkOfferDeclinedOrExpired') command = { ...command, offerId: offers.get(applicationId) ?? uuidv7() };
        try {
          await runtime.executor.execute(applicationDecider, applicationStreamId(applicationId), command, {
            actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: '2025-01-01T00:00:00.000Z',
          });
          known.add(applicationId);
          if (command.type === 'MarkOffered') offers.set(applicationId, command.offerId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
        if (r.next() < 0.6) await sleep(1 + r.int(4));
      }
      await runtime.runner.waitForPosition(await runtime.store.headPosition(), 20_000, ['applications']);

      const log: RecordedEvent[] = [];
      for await (const e of runtime.store.readAll()) log.push(e);
      const types = new Set(log.map((e) => e.type));
      for (const t of ['ApplicationSubmitted', 'ApplicationDecided', 'ApplicationOffered', 'ReturnedToWaitingList']) expect(types).toContain(t);
      const times = [...new Set(log.map((e) => Date.parse(e.metadata.recordedAt)))].sort((a, b) => a - b);
      const instants = new Set<number>([times[0]! - 1000, times.at(-1)! + 1000]);
      for (const t of times) {
        instants.add(t);
        instants.add(t - 1);
      }

      const rules = runtime.config.applications.waitingList;
      const applications = new ApplicationsReadModel(runtime.pool);
      let nonEmpty = 0;
      for (const t of [...instants].sort((a, b) => a - b)) {
        const asOf = { recordedAt: new Date(t).toISOString() };
        const replay = await replayLog(runtime.store, { until: asOf, log });
        const replayed = [...replay.states.values()]
          .map((s) => waitingListEntry(s as ApplicationState))
          .filter((e) => e !== null);
        const expected = waitingListPage(replayed, rules, 0, 1000);
        const entries = await applications.waitingListEntries(asOf);
        const actual = waitingListPage(entries.map(({ row: _row, ...entry }) => entry), rules, 0, 1000);
        expect(actual).toEqual(expected);
        expect(entries.map((e) => [e.applicationId, e.waitingSince]).sort()).toEqual(replayed.map((e) => [e.applicationId, e.waitingSince]).sort());
        if (expected.total > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(20);
      // The present: asOf after the last event is the live list.
      const now = await applications.waitingListEntries({ recordedAt: new Date(times.at(-1)! + 1000).toISOString() });
      expect(now.map((e) => e.applicationId).sort()).toEqual((await applications.waitingListEntries()).map((e) => e.applicationId).sort());
    }, 300_000);
  });
}
