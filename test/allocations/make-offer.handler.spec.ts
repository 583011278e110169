import { v7 as uuidv7 } from 'uuid';
import type { Runtime } from '../../src/runtime/runtime.js';
import { AllocationsReadModel } from '../../src/allocations/allocations.read-model.js';
import { MakeOfferHandler } from '../../src/allocations/make-offer/make-offer.handler.js';
import { MakeOfferMessage } from '../../src/allocations/make-offer/make-offer.message.js';
import { offerStreamId } from '../../src/allocations/offer-stream.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';
import { ApplicationsReadModel } from '../../src/applications/applications.read-model.js';
import { ReadYourWrites } from '../../src/graphql/read-your-writes.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { allocationDriver, context, startAllocationRuntime } from '../support/allocation-fixtures.js';
import { CrashingStore } from '../support/crashing-store.js';
import { testDatabaseKinds } from '../support/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`making an offer: a refusal writes nothing, a re-run takes over only its own claims, on ${kind}`, () => {
    let fixture: Awaited<ReturnType<typeof startAllocationRuntime>>;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    beforeAll(async () => {
      fixture = await startAllocationRuntime(kind);
      ({ runtime, drive } = fixture);
    });
    afterAll(() => fixture.stop());

    /** Every event in the log, counted in the table: a refused command adds none. */
    const eventCount = () => fixture.eventCount();
    const types = async (streamId: string) => {
      const out: string[] = [];
      for await (const e of runtime.store.readStream(streamId)) out.push(e.type);
      return out;
    };

    it('refuses an offer dated before the approval before reserving the dwelling: no reservation made and released again', async () => {
      const meetingId = await drive.meeting('2025-01-10');
      const dwellingId = await drive.registerDwelling(10, 0);
      const applicationId = await drive.approved({}, '2025-01-15');
      const before = await eventCount();
      await expect(drive.offer({ meetingId, applicationId, dwellingId, offeredOn: '2025-01-12' })).rejects.toMatchObject({
        code: 'DATE_OUT_OF_ORDER',
        field: 'offeredOn',
      });
      expect(await eventCount()).toBe(before);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered']);
      expect(await types(applicationStreamId(applicationId))).toEqual(['ApplicationSubmitted', 'ApplicationDecided']);
    });

    it('refuses an offer dated before the dwelling entered the register, naming offeredOn, and writes nothing', async () => {
      const meetingId = await drive.meeting('2023-11-01');
      const dwellingId = await drive.registerDwelling(10, 5); // registered 2024-01-01
      const applicationId = await drive.approved({ submittedOn: '2023-10-02' }, '2023-10-16');
      const before = await eventCount();
      await expect(drive.offer({ meetingId, applicationId, dwellingId, offeredOn: '2023-12-23' })).rejects.toMatchObject({
        code: 'DATE_OUT_OF_ORDER',
        field: 'offeredOn',
      });
      expect(await eventCount()).toBe(before);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered']);
      expect(await types(applicationStreamId(applicationId))).toEqual(['ApplicationSubmitted', 'ApplicationDecided']);
    });

    it('refuses an offer decided in a meeting held before the approval, even when sent after it', async () => {
      const meetingId = await drive.meeting('2025-01-10');
      const dwellingId = await drive.registerDwelling(10, 1);
      const applicationId = await drive.approved({}, '2025-01-15');
      const before = await eventCount();
      await expect(drive.offer({ meetingId, applicationId, dwellingId, offeredOn: '2025-01-15' })).rejects.toMatchObject({
        code: 'DATE_OUT_OF_ORDER',
        field: 'meeting.heldOn',
      });
      expect(await eventCount()).toBe(before);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered']);
    });

    it("a re-run with the same offer id for another household does not take over the first run's reservation", async () => {
      const meetingId = await drive.meeting('2025-03-03');
      const dwellingId = await drive.registerDwelling(12, 0);
      const first = await drive.approved();
      const second = await drive.approved();
      const offerId = uuidv7();
      // A run that lost its connection after reserving the dwelling for the first household.
      const crashing = new CrashingStore(runtime.store, 'application-');
      const cutShort = new MakeOfferHandler(
        runtime.executor,
        crashing,
        runtime,
        new ApplicationsReadModel(runtime.pool),
        new AllocationsReadModel(runtime.pool),
        new ReadYourWrites(runtime.runner, 10_000),
      );
      const input = { offerId, meetingId, applicationId: first, dwellingId, offeredOn: '2025-03-04', answerBy: null, legalBasis: 'tildelingsforskriften § 5', reasons: 'Fits.', concentrationOverride: null };
      await expect(cutShort.execute(new MakeOfferMessage(input, context('2025-03-04')))).rejects.toThrow('connection lost');
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved']);

      // The same offer id sent for another household: the reservation names the first, so the dwelling is not available.
      const before = await eventCount();
      await expect(drive.offer({ offerId, meetingId, applicationId: second, dwellingId, offeredOn: '2025-03-04' })).rejects.toMatchObject({
        code: 'DWELLING_NOT_AVAILABLE',
      });
      expect(await eventCount()).toBe(before);
      expect(await types(applicationStreamId(second))).toEqual(['ApplicationSubmitted', 'ApplicationDecided']);
      expect(await types(offerStreamId(offerId))).toEqual([]);

      // The run for the first household, sent again, completes on its own reservation.
      await drive.offer({ offerId, meetingId, applicationId: first, dwellingId, offeredOn: '2025-03-04' });
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved']);
      expect(await types(applicationStreamId(first))).toEqual(['ApplicationSubmitted', 'ApplicationDecided', 'ApplicationOffered']);
      expect(await types(offerStreamId(offerId))).toEqual(['DwellingOffered']);
    });
  });
}
