import { jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import pg from 'pg';
import { createLogger } from '../../src/observability/logger.js';
import { v7 as uuidv7 } from 'uuid';
import { offerDecider } from '../../src/allocations/offer/offer.decider.js';
import { offerStreamId } from '../../src/allocations/offer-stream.js';
import { AnswerOfferMessage, ExpireOffersMessage } from '../../src/allocations/answer-offer/answer-offer.message.js';
import { DailyExpiryJob, EXPIRY_ACTOR } from '../../src/allocations/daily-expiry/daily-expiry.job.js';
import { testDatabaseKinds } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { dwellingInput } from '../support/dwelling-input.js';

const ACQUIRE = `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId position } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId } }`;
const DECIDE = `mutation ($id: ID!, $input: DecideApplicationInput!) { decideApplication(applicationId: $id, input: $input) { position } }`;
const CONVENE = `mutation ($input: ConveneCommitteeMeetingInput!) { conveneCommitteeMeeting(input: $input) { id } }`;
const OFFER = `mutation ($input: OfferDwellingInput!) { offerDwelling(input: $input) { id position } }`;
const APPLICATION = `query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status closedOn waitingSince offersExpired history { eventType on actor } } }`;

const dwelling = dwellingInput({ matrikkel: { kommunenummer: '5001', gardsnummer: 410, bruksnummer: 3 } });
const application = {
  kind: 'NEW',
  submittedOn: '2025-01-06',
  applicant: { name: 'Testperson Frist' },
  members: [],
  children: 0,
  housingSituation: 'WITHOUT_HOME',
  categories: [],
  needs: { minBedrooms: 1 },
  urgency: 'NORMAL',
};
const approvedOn = (day: string) => ({ outcome: 'APPROVED', legalBasis: 'boligsosialloven § 6', reasons: 'Without a home.', decidedOn: day, notifiedOn: day });

for (const kind of testDatabaseKinds()) {
  describe(`the daily expiry job (${kind})`, () => {
    let service: TestService;
    let job: DailyExpiryJob;
    beforeAll(async () => {
      service = await startTestService(kind);
      job = service.app.get(DailyExpiryJob);
    });
    afterAll(() => service.stop());

    const ok = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await service.graphql(query, variables);
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };
    const approved = async (day: string) => {
      const id = (await ok(SUBMIT, { input: application })).submitApplication.applicationId as string;
      await ok(DECIDE, { id, input: approvedOn(day) });
      return id;
    };

    it("records, on the municipality's calendar day, the offers past their deadline and the approvals that lapsed, each dated the day it lapsed", async () => {
      const d = (await ok(ACQUIRE, { input: { description: dwelling, method: 'PURCHASE', acquiredOn: '2024-01-10', price: 2_500_000, financing: { ownFunds: 2_500_000 } } }))
        .acquireDwelling.dwellingId as string;
      const lapsing = await approved('2025-01-15'); // valid until 2026-01-15
      const offered = await approved('2025-06-01');
      const meeting = (await ok(CONVENE, { input: { heldOn: '2025-06-10', members: ['housing-office', 'nav', 'health-and-care'] } })).conveneCommitteeMeeting.id;
      await ok(OFFER, { input: { meetingId: meeting, applicationId: offered, dwellingId: d, offeredOn: '2025-06-10', answerBy: '2025-06-17', legalBasis: 'tildelingsforskriften § 5', reasons: 'First on the list.' } });

      // 2025-06-17 23:30 UTC is already the 18th in Oslo: the offer is one day past its deadline.
      const june = await job.runOnce(new Date('2025-06-17T23:30:00Z'));
      expect(june).toEqual({ status: 'ran', day: '2025-06-18', offersExpired: [expect.any(String)], approvalsExpired: [], failed: [], position: expect.any(String) });
      const back = (await ok(APPLICATION, { id: offered, p: june.status === 'ran' ? june.position : null })).application;
      expect(back).toMatchObject({ status: 'APPROVED', offersExpired: 1 });
      expect(back.history.at(-1)).toEqual({ eventType: 'ReturnedToWaitingList', on: '2025-06-18', actor: EXPIRY_ACTOR });

      // The day before the approval lapses in Oslo (23:30 on the 14th) nothing is due; an hour later it is.
      expect(await job.runOnce(new Date('2026-01-14T22:30:00Z'))).toMatchObject({ day: '2026-01-14', approvalsExpired: [] });
      // Run late, on 1 February: the expiry is still dated the day the approval lapsed.
      const late = await job.runOnce(new Date('2026-02-01T08:00:00Z'));
      expect(late).toEqual({ status: 'ran', day: '2026-02-01', offersExpired: [], approvalsExpired: [lapsing], failed: [], position: expect.any(String) });
      const closed = (await ok(APPLICATION, { id: lapsing, p: late.status === 'ran' ? late.position : null })).application;
      expect(closed).toMatchObject({ status: 'EXPIRED', closedOn: '2026-01-15' });
      expect(closed.history.at(-1)).toEqual({ eventType: 'ApprovalExpired', on: '2026-01-15', actor: EXPIRY_ACTOR });
      // Back on the list from an expired offer on 2025-06-18, the second approval is valid until 2026-06-01.
      expect((await ok(APPLICATION, { id: offered })).application.status).toBe('APPROVED');

      // A second run the same day records nothing twice.
      expect(await job.runOnce(new Date('2026-02-01T09:00:00Z'))).toEqual({ status: 'ran', day: '2026-02-01', offersExpired: [], approvalsExpired: [], failed: [], position: null });
    });

    it('completes an expiry a crash cut short: the offer expired, the household and the dwelling not yet released', async () => {
      const d = (await ok(ACQUIRE, { input: { description: { ...dwelling, bruksenhetsnummer: 'H0102' }, method: 'PURCHASE', acquiredOn: '2024-01-10', price: 2_500_000, financing: { ownFunds: 2_500_000 } } }))
        .acquireDwelling.dwellingId as string;
      const household = await approved('2025-09-01');
      const meeting = (await ok(CONVENE, { input: { heldOn: '2025-09-10', members: ['housing-office', 'nav', 'health-and-care'] } })).conveneCommitteeMeeting.id;
      const offerId = (await ok(OFFER, { input: { meetingId: meeting, applicationId: household, dwellingId: d, offeredOn: '2025-09-10', answerBy: '2025-09-17', legalBasis: 'tildelingsforskriften § 5', reasons: 'First on the list.' } })).offerDwelling.id as string;
      // The crash: the offer's expiry is written, nothing after it.
      await service.runtime.executor.execute(offerDecider, offerStreamId(offerId), { type: 'ExpireOffer', offerId, actor: 'system', recordedOn: '2025-09-20' }, {
        actor: 'system', role: 'system', correlationId: uuidv7(), occurredAt: '2025-09-20T00:00:00.000Z',
      });
      const run = await job.runOnce(new Date('2025-09-21T08:00:00Z'));
      expect(run).toMatchObject({ status: 'ran', offersExpired: [offerId], failed: [] });
      const p = run.status === 'ran' ? run.position : null;
      expect((await ok(APPLICATION, { id: household, p })).application).toMatchObject({ status: 'APPROVED', offersExpired: 1 });
      expect((await ok(`query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { status } }`, { id: d, p })).dwelling.status).toBe('AVAILABLE');
      // Completed, it is not listed again.
      expect(await job.runOnce(new Date('2025-09-22T08:00:00Z'))).toMatchObject({ offersExpired: [] });
    });

    it("answering an old offer's expiry again leaves alone a later offer's reservation of the same dwelling for the same household", async () => {
      const d = (await ok(ACQUIRE, { input: { description: { ...dwelling, bruksenhetsnummer: 'H0103' }, method: 'PURCHASE', acquiredOn: '2024-01-10', price: 2_500_000, financing: { ownFunds: 2_500_000 } } }))
        .acquireDwelling.dwellingId as string;
      const household = await approved('2025-09-02');
      const offerTo = async (heldOn: string, answerBy: string) => {
        const meeting = (await ok(CONVENE, { input: { heldOn, members: ['housing-office', 'nav', 'health-and-care'] } })).conveneCommitteeMeeting.id;
        return (await ok(OFFER, { input: { meetingId: meeting, applicationId: household, dwellingId: d, offeredOn: heldOn, answerBy, legalBasis: 'tildelingsforskriften § 5', reasons: 'First on the list.' } })).offerDwelling;
      };
      const first = await offerTo('2025-10-01', '2025-10-08');
      await ok(`mutation { expireOffers(asOf: "2025-10-09") { expired } }`);
      const second = await offerTo('2025-10-15', '2025-10-22');
      const ctx = { actor: 'system', role: 'system', correlationId: uuidv7(), occurredAt: '2025-10-16T00:00:00.000Z' };
      await service.app.get(CommandBus).execute(new AnswerOfferMessage({ kind: 'expire', offerId: first.id, on: '2025-10-16' }, ctx));
      const status = (await ok(`query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { status } }`, { id: d, p: second.position })).dwelling.status;
      expect(status).toBe('RESERVED');
    });

    it('records the approvals when the offers step cannot run, and reports the step as failed', async () => {
      const lapsing = await approved('2025-02-03'); // valid until 2026-02-03
      const commands = service.app.get(CommandBus);
      const execute = commands.execute.bind(commands);
      const spy = jest.spyOn(commands, 'execute').mockImplementation((command: unknown) => {
        if (command instanceof ExpireOffersMessage) return Promise.reject(new Error('connection lost'));
        return execute(command as never);
      });
      try {
        const outcome = await job.runOnce(new Date('2026-02-10T08:00:00Z'));
        expect(outcome).toMatchObject({ status: 'ran', approvalsExpired: [lapsing], failed: [{ id: 'offers', reason: 'INTERNAL_SERVER_ERROR' }] });
      } finally {
        spy.mockRestore();
      }
    });

    // The embedded database is one session for one process: there is no other process to exclude.
    (kind === 'postgres' ? it : it.skip)('skips a run while another process holds the job', async () => {
      const other = new pg.Client({ connectionString: service.db.url });
      await other.connect();
      try {
        await other.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':boligbok:daily-expiry'))`);
        expect(await job.runOnce(new Date('2026-03-01T08:00:00Z'))).toEqual({ status: 'skipped-locked', day: '2026-03-01' });
        await other.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':boligbok:daily-expiry'))`);
        expect(await job.runOnce(new Date('2026-03-01T08:00:00Z'))).toMatchObject({ status: 'ran', day: '2026-03-01' });
      } finally {
        await other.end();
      }
    });

    // Last: it runs for today's date, so it expires everything earlier tests left lapsed.
    it('runs once at start, for the day it starts on, so what lapsed while the service was down is recorded at once', async () => {
      const started = new DailyExpiryJob(service.runtime.lockPool, service.app.get(CommandBus), createLogger('silent'), { cron: '0 1 * * *', timezone: 'Europe/Oslo' });
      const runOnce = jest.spyOn(started, 'runOnce');
      started.start();
      await started.stop();
      expect(runOnce).toHaveBeenCalledTimes(1);
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
      expect(await runOnce.mock.results[0]!.value).toMatchObject({ status: 'ran', day: today, failed: [] });
    });
  });
}
