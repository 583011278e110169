import { EventHistory } from '../../src/audit/history/event-history.js';
import { causeLinks } from '../../src/audit/history/cause-links.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { leaseIdForOffer } from '../../src/leases/lease-id.js';
import type { LeaseTermsInput } from '../../src/leases/sign-lease/lease-terms.input.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { allocationDriver, caughtUp, context, startAllocationRuntime } from '../support/allocation-fixtures.js';
import { testDatabaseKinds } from '../support/test-database.js';

const terms: LeaseTermsInput = { contractType: 'ordinary', signedOn: '2025-03-20', startDate: '2025-04-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } };

/**
 * An allocation made as the API makes it (MakeOfferHandler, AnswerOfferHandler, SignLeaseHandler),
 * which writes some effects before their causes: the reservation, the marking and the offer before
 * the committee's minutes, the household's tenancy and the dwelling's letting before the lease.
 * Every event's cause chain still reaches back to the application's approval.
 */
for (const kind of testDatabaseKinds()) {
  describe(`cause chains of an allocation made through the handlers (${kind})`, () => {
    let fixture: Awaited<ReturnType<typeof startAllocationRuntime>>;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    let history: EventHistory;
    let building = 0;
    beforeAll(async () => {
      fixture = await startAllocationRuntime(kind);
      ({ runtime, drive } = fixture);
      history = new EventHistory(runtime.pool, runtime.store, causeLinks);
    }, 60_000);
    afterAll(() => fixture.stop());

    /** The entity's history, oldest first, once the index has everything. */
    const historyOf = async (entity: { kind: 'offer' | 'dwelling' | 'lease' | 'household'; id: string }) => {
      await caughtUp(runtime);
      return (await history.page({ entity }, undefined, 200)).events;
    };
    const chainOf = async (event: RecordedEvent | undefined) => {
      if (!event) throw new Error('no such event');
      return (await history.causeChain(event)).map((c) => [c.depth, c.link, c.event.type]);
    };
    const one = (events: RecordedEvent[], type: string) => {
      const found = events.filter((e) => e.type === type);
      expect({ type, count: found.length }).toEqual({ type, count: 1 });
      return found[0]!;
    };

    it('offer, acceptance and signing: every event reaches the committee decision and the approval', async () => {
      building += 1;
      const applicationId = await drive.approved();
      const dwellingId = await drive.registerDwelling(2 * building, 0);
      const { offerId } = await drive.offer({ meetingId: await drive.meeting(), applicationId, dwellingId });
      await drive.answer({ kind: 'accept', offerId, on: '2025-03-10' });
      const signed = await new SignLeaseHandler(runtime.store, runtime.config).signFromOffer(offerId, terms, context('2025-03-20'));

      const offer = await historyOf({ kind: 'offer', id: offerId });
      // The order the handlers write in: claims and the offer before the minutes.
      expect(offer.map((e) => e.type)).toEqual(['ApplicationOffered', 'DwellingOffered', 'CommitteeDecisionRecorded', 'OfferAccepted', 'LeaseSigned', 'ApplicantHoused']);
      const offered = [
        [1, 'committee-decision', 'CommitteeDecisionRecorded'],
        [2, 'application-decision', 'ApplicationDecided'],
      ];
      const fromOffer = [[1, 'offer', 'DwellingOffered'], ...offered.map(([d, l, t]) => [(d as number) + 1, l, t])];
      const fromAcceptance = [[1, 'offer-answer', 'OfferAccepted'], ...fromOffer.map(([d, l, t]) => [(d as number) + 1, l, t])];
      expect(await chainOf(one(offer, 'CommitteeDecisionRecorded'))).toEqual([[1, 'application-decision', 'ApplicationDecided']]);
      expect(await chainOf(one(offer, 'DwellingOffered'))).toEqual(offered);
      expect(await chainOf(one(offer, 'ApplicationOffered'))).toEqual(fromOffer);
      expect(await chainOf(one(offer, 'OfferAccepted'))).toEqual(fromOffer);
      expect(await chainOf(one(offer, 'LeaseSigned'))).toEqual(fromAcceptance);
      expect(await chainOf(one(offer, 'ApplicantHoused'))).toEqual(fromAcceptance);

      const dwelling = await historyOf({ kind: 'dwelling', id: dwellingId });
      expect(await chainOf(one(dwelling, 'DwellingReserved'))).toEqual(fromOffer);
      expect(await chainOf(one(dwelling, 'DwellingLet'))).toEqual([
        [1, 'lease', 'LeaseSigned'],
        [1, 'offer-answer', 'OfferAccepted'],
        ...fromOffer.map(([d, l, t]) => [(d as number) + 1, l, t]),
      ]);

      const lease = await historyOf({ kind: 'lease', id: leaseIdForOffer(offerId) });
      expect(lease.map((e) => e.type)).toEqual(['TenancyStarted', 'DwellingLet', 'LeaseSigned']);
      expect(await chainOf(one(lease, 'TenancyStarted'))).toEqual([[1, 'lease', 'LeaseSigned'], ...fromAcceptance.map(([d, l, t]) => [(d as number) + 1, l, t])]);
      expect(signed.householdId).toBeDefined();
    }, 60_000);

    it('a dwelling offered twice to one household: each reservation and release names its own offer', async () => {
      building += 1;
      const applicationId = await drive.approved();
      const dwellingId = await drive.registerDwelling(2 * building, 0);
      const first = await drive.offer({ meetingId: await drive.meeting('2025-03-03'), applicationId, dwellingId, offeredOn: '2025-03-04' });
      await drive.answer({ kind: 'decline', offerId: first.offerId, on: '2025-03-10', reason: 'too far from school' });
      const second = await drive.offer({ meetingId: await drive.meeting('2025-03-17'), applicationId, dwellingId, offeredOn: '2025-03-18' });

      const dwelling = await historyOf({ kind: 'dwelling', id: dwellingId });
      const byType = (type: string) => dwelling.filter((e) => e.type === type);
      const offers = byType('DwellingOffered');
      expect(offers.map((e) => (e.data as { offerId: string }).offerId)).toEqual([first.offerId, second.offerId]);
      const reservations = byType('DwellingReserved');
      expect(reservations).toHaveLength(2);
      const direct = async (event: RecordedEvent, link: string) => (await history.causes(event)).find((c) => c.link === link)?.event.id;
      // The second reservation is written before its offer: the newest offer before it is the first one.
      expect(await direct(reservations[0]!, 'offer')).toBe(offers[0]!.id);
      expect(await direct(reservations[1]!, 'offer')).toBe(offers[1]!.id);
      const [released] = byType('ReservationReleased');
      expect(await direct(released!, 'offer-answer')).toBe(byType('OfferDeclined')[0]!.id);
      expect(await chainOf(released)).toEqual([
        [1, 'offer-answer', 'OfferDeclined'],
        [2, 'offer', 'DwellingOffered'],
        [3, 'committee-decision', 'CommitteeDecisionRecorded'],
        [4, 'application-decision', 'ApplicationDecided'],
      ]);
    }, 60_000);
  });
}
