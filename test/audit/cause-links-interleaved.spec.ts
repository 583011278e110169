import { v7 as uuidv7 } from 'uuid';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-envelope.js';
import { leaseIdForOffer } from '../../src/leases/lease-id.js';
import { historyRuntime } from '../support/history-runtime.js';
import { testDatabaseKinds } from '../support/test-database.js';

/**
 * A generated history (src/generator) appends a few weeks of every stream at once, stream by
 * stream: the log holds a stream's events together, so across streams log order says nothing of
 * which came first. Here the dwelling's and the application's reactions are in the log before the
 * offer and its answer, as the generator leaves them; every chain still reaches the approval.
 */
for (const kind of testDatabaseKinds()) {
  describe(`cause links across streams appended out of order (${kind})`, () => {
    const fixture = historyRuntime(kind);

    /** Appends each stream's events in one append, the streams in the order given, all of one correlation (one process). */
    async function appendStreams(correlationId: string, streams: Array<[string, Array<[string, Record<string, unknown>]>]>) {
      const byType = new Map<string, RecordedEvent>();
      let last = 0n;
      for (const [streamId, events] of streams) {
        const envelopes: NewEvent[] = events.map(([type, data]) => ({
          id: uuidv7(),
          type,
          schemaVersion: 1,
          data,
          metadata: { actor: 'subject-1', role: 'caseworker', correlationId, causationId: uuidv7(), occurredAt: '2025-03-01T09:00:00.000Z' },
        }));
        last = (await fixture.runtime.store.append(streamId, envelopes, 'any')).position;
        for await (const e of fixture.runtime.store.readStream(streamId)) if (envelopes.some((n) => n.id === e.id)) byType.set(e.type, e);
      }
      // Only the history's read model: the others would refuse these bare events.
      await fixture.runtime.runner.waitForPosition(last, 30_000, ['audit-entity-events']);
      return byType;
    }
    const chainOf = async (event: RecordedEvent | undefined) => {
      if (!event) throw new Error('no such event');
      return (await fixture.history.causeChain(event)).map((c) => [c.depth, c.link, c.event.type]);
    };
    const deeper = (chain: unknown[][], by: number) => chain.map(([d, l, t]) => [(d as number) + by, l, t]);

    async function approvedApplication() {
      const applicationId = uuidv7();
      await appendStreams(uuidv7(), [
        [`application-${applicationId}`, [
          ['ApplicationSubmitted', { applicationId, household: { applicantId: uuidv7() } }],
          ['ApplicationDecided', { applicationId, outcome: 'approved', decidedOn: '2025-01-20' }],
        ]],
      ]);
      return applicationId;
    }
    const ids = () => ({ meetingId: uuidv7(), offerId: uuidv7(), dwellingId: uuidv7() });
    const offered = [
      [1, 'committee-decision', 'CommitteeDecisionRecorded'],
      [2, 'application-decision', 'ApplicationDecided'],
    ];
    const fromOffer = [[1, 'offer', 'DwellingOffered'], ...deeper(offered, 1)];

    it('an accepted offer and its lease: the reactions written before the offer, the acceptance and the signing', async () => {
      const applicationId = await approvedApplication();
      const { meetingId, offerId, dwellingId } = ids();
      const leaseId = leaseIdForOffer(offerId);
      const householdId = uuidv7();
      const on = { offeredOn: '2025-03-04' };
      const e = await appendStreams(uuidv7(), [
        [`meeting-${meetingId}`, [
          ['MeetingConvened', { meetingId, heldOn: '2025-03-03' }],
          ['CommitteeDecisionRecorded', { meetingId, decision: { kind: 'offer', offerId, applicationId, dwellingId } }],
        ]],
        [`dwelling-${dwellingId}`, [
          ['DwellingReserved', { dwellingId, applicationId, reservedOn: on.offeredOn }],
          ['DwellingLet', { dwellingId, leaseId, applicationId, letOn: '2025-04-01' }],
        ]],
        [`application-${applicationId}`, [
          ['ApplicationOffered', { applicationId, offerId, dwellingId, offeredOn: on.offeredOn }],
          ['ApplicantHoused', { applicationId, offerId, dwellingId, acceptedOn: '2025-03-10' }],
        ]],
        [`household-${householdId}`, [['TenancyStarted', { householdId, leaseId, dwellingId, startDate: '2025-04-01' }]]],
        [`offer-${offerId}`, [
          ['DwellingOffered', { offerId, applicationId, dwellingId, meetingId, ...on }],
          ['OfferAccepted', { offerId, applicationId, dwellingId, acceptedOn: '2025-03-10' }],
        ]],
        [`lease-${leaseId}`, [['LeaseSigned', { leaseId, householdId, dwellingId, origin: { kind: 'offer', offerId, applicationId } }]]],
      ]);
      const fromAcceptance = [[1, 'offer-answer', 'OfferAccepted'], ...deeper(fromOffer, 1)];
      expect(await chainOf(e.get('DwellingReserved'))).toEqual(fromOffer);
      expect(await chainOf(e.get('ApplicationOffered'))).toEqual(fromOffer);
      expect(await chainOf(e.get('ApplicantHoused'))).toEqual(fromAcceptance);
      expect(await chainOf(e.get('LeaseSigned'))).toEqual(fromAcceptance);
      expect(await chainOf(e.get('TenancyStarted'))).toEqual([[1, 'lease', 'LeaseSigned'], ...deeper(fromAcceptance, 1)]);
      expect(await chainOf(e.get('DwellingLet'))).toEqual([[1, 'lease', 'LeaseSigned'], [1, 'offer-answer', 'OfferAccepted'], ...deeper(fromOffer, 1)]);
    });

    it('a declined offer: the return to the list and the release written before the answer', async () => {
      const applicationId = await approvedApplication();
      const { meetingId, offerId, dwellingId } = ids();
      const e = await appendStreams(uuidv7(), [
        [`meeting-${meetingId}`, [
          ['MeetingConvened', { meetingId, heldOn: '2025-03-03' }],
          ['CommitteeDecisionRecorded', { meetingId, decision: { kind: 'offer', offerId, applicationId, dwellingId } }],
        ]],
        [`dwelling-${dwellingId}`, [
          ['DwellingReserved', { dwellingId, applicationId, reservedOn: '2025-03-04' }],
          ['ReservationReleased', { dwellingId, applicationId, releasedOn: '2025-03-10', reason: 'declined' }],
        ]],
        [`application-${applicationId}`, [
          ['ApplicationOffered', { applicationId, offerId, dwellingId, offeredOn: '2025-03-04' }],
          ['ReturnedToWaitingList', { applicationId, offerId, offerOutcome: 'declined', returnedOn: '2025-03-10' }],
        ]],
        [`offer-${offerId}`, [
          ['DwellingOffered', { offerId, applicationId, dwellingId, meetingId, offeredOn: '2025-03-04' }],
          ['OfferDeclined', { offerId, applicationId, dwellingId, declinedOn: '2025-03-10' }],
        ]],
      ]);
      const fromAnswer = [[1, 'offer-answer', 'OfferDeclined'], ...deeper(fromOffer, 1)];
      expect(await chainOf(e.get('ReturnedToWaitingList'))).toEqual(fromAnswer);
      expect(await chainOf(e.get('ReservationReleased'))).toEqual(fromAnswer);
      expect(await chainOf(e.get('DwellingReserved'))).toEqual(fromOffer);
    });
  });
}
