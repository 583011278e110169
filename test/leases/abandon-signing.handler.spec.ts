import { v7 as uuidv7 } from 'uuid';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { AbandonSigningHandler } from '../../src/leases/abandon-signing/abandon-signing.handler.js';
import { householdTenancyStreamId } from '../../src/leases/household-tenancy-stream.js';
import { leaseIdForOffer } from '../../src/leases/lease-id.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { LeasesReadModel } from '../../src/leases/leases.read-model.js';
import type { LeaseTermsInput } from '../../src/leases/sign-lease/lease-terms.input.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { allocationDriver, caughtUp, context, startAllocationRuntime } from '../support/allocation-fixtures.js';
import { CrashingStore } from '../support/crashing-store.js';
import { testDatabaseKinds } from '../support/test-database.js';

const terms: LeaseTermsInput = { contractType: 'ordinary', signedOn: '2025-04-20', startDate: '2025-05-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } };

for (const kind of testDatabaseKinds()) {
  describe(`abandoning a lease signing cut short on ${kind}`, () => {
    let fixture: Awaited<ReturnType<typeof startAllocationRuntime>>;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    let building = 0;
    beforeAll(async () => {
      fixture = await startAllocationRuntime(kind);
      ({ runtime, drive } = fixture);
    });
    afterAll(() => fixture.stop());

    const eventCount = () => fixture.eventCount();
    const events = async (streamId: string) => {
      const out: Array<{ type: string; data: Record<string, unknown> }> = [];
      for await (const e of runtime.store.readStream(streamId)) out.push({ type: e.type, data: e.data as Record<string, unknown> });
      return out;
    };
    const types = async (streamId: string) => (await events(streamId)).map((e) => e.type);
    const signing = (store: EventStore = runtime.store) => new SignLeaseHandler(store, runtime.config);
    const abandon = (offerId: string, on = '2025-04-25') =>
      new AbandonSigningHandler(runtime.store, runtime.config).abandonFromOffer(offerId, on, 'The household moved abroad before signing.', context(on));

    /** An approved application with an accepted offer of a fresh dwelling (reserved for it). */
    const acceptedOffer = async () => {
      building += 1;
      const dwellingId = await drive.registerDwelling(100 + building, 0);
      const applicationId = await drive.approved();
      const meetingId = await drive.meeting();
      const { offerId } = await drive.offer({ meetingId, applicationId, dwellingId });
      await drive.answer({ kind: 'accept', offerId, on: '2025-03-10' });
      const application = (await runtime.executor.load(applicationDecider, applicationStreamId(applicationId))).state;
      if (application.status === 'none') throw new Error('no application');
      const householdId = application.household.applicantId;
      return { dwellingId, applicationId, offerId, householdId, leaseId: leaseIdForOffer(offerId) };
    };

    it('a signing cut short after the household step: the next signing names it; abandoning releases household, reservation and application', async () => {
      const o = await acceptedOffer();
      const crashing = new CrashingStore(runtime.store, 'dwelling-');
      await expect(signing(crashing).signFromOffer(o.offerId, terms, context('2025-04-20'))).rejects.toThrow('connection lost');
      expect(await types(householdTenancyStreamId(o.householdId))).toEqual(['TenancyStarted']);
      expect(await types(dwellingStreamId(o.dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved']);

      // Another lease for the household is refused with the unfinished signing named, and writes nothing.
      const other = await drive.registerDwelling(900 + building, 0);
      const before = await eventCount();
      const refused = signing().recordOpeningBalance({ leaseId: uuidv7(), householdId: o.householdId, memberIds: [], dwellingId: other, importReference: 't' }, terms, context());
      await expect(refused).rejects.toMatchObject({ code: 'UNFINISHED_SIGNING', field: 'householdId' });
      await expect(refused).rejects.toThrow(o.leaseId);
      expect(await eventCount()).toBe(before);

      // The cut-short signing is on the list of accepted offers awaiting a lease.
      await caughtUp(runtime);
      const awaiting = async () => (await drive.allocations.offers({ awaitingLease: true }, undefined, 1000)).rows.map((r) => r.offer_id);
      expect(await awaiting()).toContain(o.offerId);

      const abandoned = await abandon(o.offerId);
      expect(abandoned).toMatchObject({ leaseId: o.leaseId, householdId: o.householdId, dwellingId: o.dwellingId });
      expect(abandoned.position).not.toBeNull();
      expect(await events(leaseStreamId(o.leaseId))).toEqual([
        {
          type: 'LeaseSigningAbandoned',
          data: { leaseId: o.leaseId, householdId: o.householdId, dwellingId: o.dwellingId, abandonedOn: '2025-04-25', reason: 'The household moved abroad before signing.', actor: 'caseworker-1' },
        },
      ]);
      const tenancy = await events(householdTenancyStreamId(o.householdId));
      expect(tenancy.map((e) => e.type)).toEqual(['TenancyStarted', 'TenancyEnded']);
      expect(tenancy[1]!.data).toMatchObject({ leaseId: o.leaseId, reason: 'signing-abandoned', endedOn: '2025-04-25' });
      expect(await types(dwellingStreamId(o.dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved', 'ReservationReleased']);
      const application = await events(applicationStreamId(o.applicationId));
      const back = application[application.length - 1]!;
      expect(back.type).toBe('ReturnedToWaitingList');
      // Back on the list with its list date kept (approved 2025-01-15).
      expect(back.data).toMatchObject({ offerId: o.offerId, offerOutcome: 'signing-abandoned', waitingSince: '2025-01-15', listDatePolicy: 'keep-original-date' });

      // Sent again: nothing more is written.
      const count = await eventCount();
      expect((await abandon(o.offerId)).position).toBeNull();
      expect(await eventCount()).toBe(count);
      // The abandoned lease can never be signed; the household can sign another.
      await expect(signing().signFromOffer(o.offerId, terms, context('2025-04-26'))).rejects.toMatchObject({ code: 'SIGNING_ABANDONED' });
      expect(await eventCount()).toBe(count);
      await signing().recordOpeningBalance({ leaseId: uuidv7(), householdId: o.householdId, memberIds: [], dwellingId: other, importReference: 't' }, terms, context());

      // Every read model took the new events in its stride; the leases read model has no lease for it.
      await caughtUp(runtime);
      expect(await new LeasesReadModel(runtime.pool).byId(o.leaseId)).toBeNull();
      const dwelling = (await runtime.pool.query(`SELECT status FROM dwellings WHERE dwelling_id = $1`, [o.dwellingId])).rows[0];
      expect(dwelling.status).toBe('available');
      const app = (await runtime.pool.query(`SELECT status FROM applications WHERE application_id = $1`, [o.applicationId])).rows[0];
      expect(app.status).toBe('approved');
      expect(await awaiting()).not.toContain(o.offerId);
    });

    it('a signing cut short after the dwelling step: abandoning frees the dwelling from the day it was to be let', async () => {
      const o = await acceptedOffer();
      const crashing = new CrashingStore(runtime.store, 'lease-');
      await expect(signing(crashing).signFromOffer(o.offerId, terms, context('2025-04-20'))).rejects.toThrow('connection lost');
      expect(await types(dwellingStreamId(o.dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved', 'DwellingLet']);
      await abandon(o.offerId, '2025-04-25');
      const dwelling = await events(dwellingStreamId(o.dwellingId));
      expect(dwelling.map((e) => e.type)).toEqual(['DwellingRegistered', 'DwellingReserved', 'DwellingLet', 'DwellingVacated']);
      // Abandoned before the lease was to start (1 May): the letting never took effect.
      expect(dwelling[3]!.data).toMatchObject({ leaseId: o.leaseId, vacatedOn: '2025-05-01' });
      expect(await types(householdTenancyStreamId(o.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
      expect((await types(applicationStreamId(o.applicationId))).slice(-1)).toEqual(['ReturnedToWaitingList']);
    });

    it('a signed lease cannot be abandoned, and an offer with no signing has nothing to abandon; neither writes anything', async () => {
      const signed = await acceptedOffer();
      await signing().signFromOffer(signed.offerId, terms, context('2025-04-20'));
      const unsigned = await acceptedOffer();
      const before = await eventCount();
      await expect(abandon(signed.offerId)).rejects.toMatchObject({ code: 'LEASE_ALREADY_SIGNED', field: 'leaseId' });
      await expect(abandon(unsigned.offerId)).rejects.toMatchObject({ code: 'NO_UNFINISHED_SIGNING', field: 'offerId' });
      await expect(abandon(uuidv7())).rejects.toMatchObject({ code: 'OFFER_NOT_FOUND' });
      expect(await eventCount()).toBe(before);
      expect(await types(leaseStreamId(unsigned.leaseId))).toEqual([]);
      expect(await types(householdTenancyStreamId(unsigned.householdId))).toEqual([]);
    });

    it('a late signing and an abandonment at once: the lease stream takes one of them, and everything agrees with it', async () => {
      for (let round = 0; round < 8; round++) {
        const o = await acceptedOffer();
        const crashing = new CrashingStore(runtime.store, 'dwelling-');
        await expect(signing(crashing).signFromOffer(o.offerId, terms, context('2025-04-20'))).rejects.toThrow('connection lost');
        const outcomes = await Promise.allSettled([signing().signFromOffer(o.offerId, terms, context('2025-04-21')), abandon(o.offerId)]);
        const lease = await types(leaseStreamId(o.leaseId));
        expect(lease).toHaveLength(1);
        const household = await types(householdTenancyStreamId(o.householdId));
        const dwelling = await types(dwellingStreamId(o.dwellingId));
        if (lease[0] === 'LeaseSigned') {
          expect(outcomes[0].status).toBe('fulfilled');
          expect(household).toEqual(['TenancyStarted']);
          expect(dwelling.slice(-1)).toEqual(['DwellingLet']);
          expect((await types(applicationStreamId(o.applicationId))).slice(-1)).toEqual(['ApplicantHoused']);
        } else {
          expect(lease).toEqual(['LeaseSigningAbandoned']);
          expect(outcomes[1].status).toBe('fulfilled');
          expect(household).toEqual(['TenancyStarted', 'TenancyEnded']);
          expect(['ReservationReleased', 'DwellingVacated']).toContain(dwelling[dwelling.length - 1]);
          expect((await types(applicationStreamId(o.applicationId))).slice(-1)).toEqual(['ReturnedToWaitingList']);
        }
      }
    });
  });
}
