import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { tableChecksum } from '../../src/projections/read-model-checksum.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { orderWaitingList, waitingListPage } from '../../src/applications/waiting-list/waiting-list-order.js';
import { WaitingListReadModel } from '../../src/applications/waiting-list/waiting-list.read-model.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data-vault.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { allocationDriver, caughtUp, context, submitCommand } from '../support/allocation-fixtures.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import type { ApplicationCommand } from '../../src/applications/application/application.commands.js';
import type { ApplicationEvent } from '../../src/applications/application/application.events.js';
import type { ApplicationState } from '../../src/applications/application/application.state.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';

const TABLES = ['applications', 'application_history'];
const actor = 'caseworker-1';

for (const kind of testDatabaseKinds()) {
  describe(`applications projection on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '3', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
      drive = allocationDriver(runtime);
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });
    
    it('keeps status, statistical facts, category flags and the decision history of each application', async () => {
      const vault = new PersonalDataVault(runtime.pool);
      const applicantId = uuidv7();
      const sealed = await vault.seal(applicantId, { name: 'Testperson', nationalId: '15888512389' });
      const rejectedId = uuidv7();
      await drive.application(
        submitCommand(rejectedId, {
          kind: 'swap',
          currentLeaseId: 'lease-7',
          household: { applicantId, memberIds: [uuidv7(), uuidv7()], children: 1 },
          categories: ['refugee-settlement', 'substance-abuse-or-mental-illness'],
          refugeeArrivalDate: '2024-09-01',
          sealedPersonalData: [{ subjectId: applicantId, sealed }],
        }),
      );
      const decision = { actor, legalBasis: 'boligsosialloven § 6', decidedOn: '2025-01-15', notifiedOn: '2025-01-20', validityMonths: 12 };
      await drive.application({ type: 'DecideApplication', applicationId: rejectedId, outcome: 'rejected', reasons: 'Can rent privately with housing allowance.', ...decision });
      await drive.application({ type: 'ReceiveAppeal', applicationId: rejectedId, actor, receivedOn: '2025-02-14' });
      await drive.application({ type: 'DecideAppeal', applicationId: rejectedId, outcome: 'reversed', reasons: 'The private market is not open to the household.', ...decision, decidedOn: '2025-03-01', notifiedOn: '2025-03-02' });
      await caughtUp(runtime);

      const row = await drive.applications.byId(rejectedId);
      expect(row).toMatchObject({
        status: 'approved',
        kind: 'swap',
        household_size: 3,
        children: 1,
        refugee: true,
        substance_abuse_or_mental_illness: true,
        needs_adapted_dwelling: false,
        decision_outcome: 'rejected',
        appeal_deadline: '2025-02-10',
        appeal_received_on: '2025-02-14',
        appeal_in_time: false,
        appeal_outcome: 'reversed',
        approved_on: '2025-03-01',
        waiting_since: '2025-03-01',
        personal_data: [{ subjectId: applicantId, sealed }],
      });
      const history = await drive.applications.history(rejectedId);
      expect(history.map((h) => [h.event_type, h.occurred_on, h.actor])).toEqual([
        ['ApplicationSubmitted', '2025-01-06', actor],
        ['ApplicationDecided', '2025-01-15', actor],
        ['AppealReceived', '2025-02-14', actor],
        ['AppealDecided', '2025-03-01', actor],
      ]);
      expect(history[1]!.details).toMatchObject({ reasons: 'Can rent privately with housing allowance.', legalBasis: 'boligsosialloven § 6', appealDeadline: '2025-02-10' });
      expect(JSON.stringify(history)).not.toContain(sealed);

      // Forgetting the person leaves every statistical fact in place.
      await vault.forget(applicantId);
      expect(await vault.open(applicantId, sealed)).toBeNull();
      expect(await drive.applications.byId(rejectedId)).toMatchObject({ refugee: true, household_size: 3, kind: 'swap' });
    });

    it('keeps the waiting list: on it when approved, off while offered, back after a decline, waiting time on acceptance', async () => {
      const meetingId = await drive.meeting('2025-04-01');
      const dwellingA = await drive.registerDwelling(10, 0);
      const dwellingB = await drive.registerDwelling(10, 1);
      const acute = await drive.approved({ urgency: 'acute' }, '2025-02-01');
      const early = await drive.approved({}, '2025-01-10');
      const withdrawn = await drive.approved({}, '2025-01-11');
      await drive.application({ type: 'WithdrawApplication', applicationId: withdrawn, actor, withdrawnOn: '2025-03-01', reason: 'Found a home.', validityMonths: 12 });
      await caughtUp(runtime);
      const list = () => drive.applications.waitingListEntries().then((e) => orderWaitingList(e, runtime.config.applications.waitingList));
      const onList = (await list()).filter((p) => [acute, early, withdrawn].includes(p.applicationId)).map((p) => p.applicationId);
      expect(onList).toEqual([acute, early]);

      const declined = await drive.offer({ meetingId, applicationId: early, dwellingId: dwellingA, offeredOn: '2025-04-02' });
      await caughtUp(runtime);
      expect((await list()).map((p) => p.applicationId)).not.toContain(early);
      await drive.answer({ kind: 'decline', offerId: declined.offerId, on: '2025-04-03', reason: 'Too small.' });
      await caughtUp(runtime);
      // The configured rule keeps the original list date after a decline.
      expect(await drive.applications.byId(early)).toMatchObject({ status: 'approved', waiting_since: '2025-01-10', offers_declined: 1, current_offer_id: null });

      const accepted = await drive.offer({ meetingId, applicationId: early, dwellingId: dwellingB, offeredOn: '2025-04-04' });
      await drive.answer({ kind: 'accept', offerId: accepted.offerId, on: '2025-04-08' });
      await caughtUp(runtime);
      expect(await drive.applications.byId(early)).toMatchObject({ offer_accepted_on: '2025-04-08', accepted_offer_id: accepted.offerId, waiting_days: 88 });

      // The leases then mark the applicant housed: the application leaves the process with the same waiting time.
      await drive.application({ type: 'MarkHoused', applicationId: early, actor, offerId: accepted.offerId, acceptedOn: '2025-04-08' });
      await caughtUp(runtime);
      expect(await drive.applications.byId(early)).toMatchObject({ status: 'housed', closed_on: '2025-04-08', waiting_days: 88 });

      // Expiry: an approval older than the validity period is due; a renewed one is not.
      expect(await drive.applications.approvalsDueToExpire('2026-02-01', 12)).toContain(acute);
      expect(await drive.applications.approvalsDueToExpire('2026-01-31', 12)).not.toContain(acute);
    });

    it('finds approvals due to expire by the period granted with each, and by the policy for one granted without it', async () => {
      const decision = { type: 'DecideApplication', actor, outcome: 'approved', legalBasis: 'boligsosialloven § 6', reasons: 'Meets the criteria.', decidedOn: '2025-01-20', notifiedOn: '2025-01-20' } as const;
      const sixMonths = uuidv7();
      await drive.application(submitCommand(sixMonths));
      await drive.application({ ...decision, applicationId: sixMonths, validityMonths: 6 });
      // Granted before the period was recorded (before 8 December 2026): the same decision without it.
      const unrecorded = uuidv7();
      await drive.application(submitCommand(unrecorded));
      const withoutPeriod = { ...applicationDecider, decide: (c: ApplicationCommand, s: ApplicationState) => applicationDecider.decide(c, s).map(({ type, data }) => ({ type, data: { ...data, validityMonths: undefined } }) as ApplicationEvent) };
      await runtime.executor.execute(withoutPeriod, applicationStreamId(unrecorded), { ...decision, applicationId: unrecorded, validityMonths: 24 }, context('2025-01-20'));
      await caughtUp(runtime);
      expect(await drive.applications.byId(sixMonths)).toMatchObject({ valid_from: '2025-01-20', validity_months: 6 });
      expect(await drive.applications.byId(unrecorded)).toMatchObject({ valid_from: '2025-01-20', validity_months: null });
      const due = (asOf: string, policyMonths: number) => drive.applications.approvalsDueToExpire(asOf, policyMonths).then((ids) => ids.filter((id) => id === sixMonths || id === unrecorded));
      expect(await due('2025-07-19', 12)).toEqual([]);
      expect(await due('2025-07-20', 12)).toEqual([sixMonths]); // its own 6 months, whatever the policy says now
      expect(await due('2025-07-20', 6)).toEqual([sixMonths, unrecorded].sort());
      expect(await due('2026-01-20', 24)).toEqual([sixMonths]);
    });

    it('answers a waiting-list page from the order it keeps, as the rules order every entry, and follows the read model', async () => {
      await caughtUp(runtime);
      const rules = runtime.config.applications.waitingList;
      const waitingList = new WaitingListReadModel(runtime.pool, drive.applications);
      const expected = async (from: number, count: number) => waitingListPage(await drive.applications.waitingListEntries(), rules, from, count);
      const answer = async (from: number, count: number) => {
        const { positions, total, rows } = await waitingList.page(rules, from, count);
        expect(positions.map((p) => [p.applicationId, rows.get(p.applicationId)?.status])).toEqual(positions.map((p) => [p.applicationId, 'approved']));
        expect(rows.size).toBe(positions.length);
        return { positions, total };
      };
      const before = await answer(0, 50);
      expect(before.total).toBeGreaterThan(0);
      expect(before).toEqual(await expected(0, 50));

      const newcomer = await drive.approved({ urgency: 'acute' }, '2025-05-01');
      await caughtUp(runtime);
      const after = await answer(0, 50);
      expect(after).toEqual(await expected(0, 50));
      expect(after.total).toBe(before.total + 1);
      expect(after.positions.map((p) => p.applicationId)).toContain(newcomer);
      expect(await answer(1, 2)).toEqual(await expected(1, 2));
      expect(await answer(after.total, 5)).toEqual({ positions: [], total: after.total });
    });

    it('filters by status, category and area', async () => {
      await caughtUp(runtime);
      const refugees = await drive.applications.page({ category: 'refugee-settlement' }, undefined, 50);
      expect(refugees.total).toBe(1);
      const midtbyen = await drive.applications.page({ area: 'Midtbyen', status: 'approved' }, undefined, 50);
      expect(midtbyen.rows.every((r) => r.status === 'approved' && r.preferred_districts.includes('Midtbyen'))).toBe(true);
      const paged = await drive.applications.page({}, undefined, 2);
      expect(paged.rows.length).toBe(3); // one more than asked, to tell there is a next page
      const next = await drive.applications.page({}, paged.rows[1]!.application_id, 50);
      expect(next.rows.map((r) => r.application_id)).not.toContain(paged.rows[0]!.application_id);
    });

    it('rebuilds identically', async () => {
      await caughtUp(runtime);
      const before = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      const generation = await runtime.runner.requestRebuild('applications');
      for (let i = 0; i < 500 && (await runtime.runner.status()).find((s) => s.name === 'applications')!.live?.generation !== generation; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)))).toEqual(before);
      expect((await runtime.runner.verifyAgainstShadow('applications')).identical).toBe(true);
    });
  });
}
