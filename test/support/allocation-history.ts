import type { ApplicationEvent } from '../../src/applications/application/application.events.js';
import type { BackgroundCategory } from '../../src/applications/background-category.js';
import type { CommitteeMeetingEvent } from '../../src/allocations/committee-meeting/committee-meeting.events.js';
import type { OfferEvent } from '../../src/allocations/offer/offer.events.js';
import type { DwellingVacated } from '../../src/portfolio/dwelling/dwelling.events.js';
import { random } from './seeded-random.js';

type AllocationEvent = ApplicationEvent | CommitteeMeetingEvent | OfferEvent | DwellingVacated;


const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const actor = 'caseworker-1';
const CATEGORIES: readonly BackgroundCategory[] = ['refugee-settlement', 'substance-abuse-or-mental-illness', 'disability', 'elderly'];

type Stage = 'submitted' | 'rejected' | 'appealed' | 'approved' | 'offered' | 'expired' | 'closed';

/**
 * A seeded history of the allocation process as the log holds it, several applications advancing
 * interleaved: submission, decision, appeal, approval, offers made by the committee and declined,
 * expired or accepted, housing, withdrawal, expiry and renewal, and vacancies of let dwellings (a
 * dwelling is offered again after it). Dwellings are shared, so one batch touches a row several
 * times. Also events that name no row (an UPDATE matching nothing), and an offer to a household
 * whose application is not in the log. Text values that need quoting in an array literal.
 */
export function allocationHistory(seed: number, steps = 300): Array<{ streamId: string; type: string; data: unknown }> {
  const r = random(seed);
  const log: Array<{ streamId: string; type: string; data: unknown }> = [];
  const emit = (streamId: string, event: AllocationEvent) => log.push({ streamId, type: event.type, data: event.data });
  const meetings = ['M-1', 'M-2', 'M-3'];
  const dwellings = ['D-1', 'D-2', 'D-3', 'D-4', 'D-5'];
  const applications = new Map<string, { stage: Stage; approvedOn: string | null; offer?: { offerId: string; dwellingId: string } }>();
  const letDwellings = new Set<string>();
  let offers = 0;

  for (const meetingId of meetings) {
    emit(`meeting-${meetingId}`, { type: 'MeetingConvened', data: { meetingId, heldOn: day(0), members: ['member-1', 'with "quote"', 'with,comma'], actor } });
  }
  const offer = (applicationId: string, dwellingId: string, on: number) => {
    const offerId = `O-${++offers}`;
    const meetingId = r.pick(meetings);
    emit(`meeting-${meetingId}`, { type: 'CommitteeDecisionRecorded', data: { meetingId, decision: { kind: 'offer', offerId, applicationId, dwellingId }, actor } });
    const capped = r.next() < 0.3;
    emit(`offer-${offerId}`, {
      type: 'DwellingOffered',
      data: {
        offerId, applicationId, dwellingId, meetingId, decidedOn: day(on), offeredOn: day(on), answerBy: day(on + 14),
        legalBasis: 'tildelingsforskrift § 3', reasons: 'longest waiting',
        listPosition: r.next() < 0.5 ? null : { position: 1 + r.int(20), reason: 'list date' },
        fit: { requiredBedrooms: 1, dwellingBedrooms: 2, inPreferredDistrict: r.next() < 0.5 },
        concentration: capped
          ? {
              cappedCategories: ['substance-abuse-or-mental-illness'],
              building: { scope: 'building', key: 'B-1', dwellings: 5, before: 1, after: 2, maxPercent: null, exceeded: false },
              district: { scope: 'district', key: 'Midtbyen', dwellings: 50, before: 4, after: 5, maxPercent: 10, exceeded: false },
            }
          : null,
        concentrationOverride: capped && r.next() < 0.5 ? { justification: 'the household needs this dwelling', exceeded: ['building'] } : null,
        actor,
      },
    });
    return offerId;
  };

  for (let step = 1; step <= steps; step++) {
    const on = step;
    if (applications.size < 40 && (applications.size < 3 || r.next() < 0.15)) {
      const applicationId = `A-${applications.size + 1}`;
      const categories = CATEGORIES.filter(() => r.next() < 0.3);
      emit(`application-${applicationId}`, {
        type: 'ApplicationSubmitted',
        data: {
          applicationId, kind: r.pick(['new', 'swap'] as const), currentLeaseId: r.next() < 0.3 ? 'lease-7' : null, submittedOn: day(on),
          household: { applicantId: `P-${applicationId}`, memberIds: r.next() < 0.5 ? [] : ['p-1', 'with,comma', 'with "quote"', 'back\\slash', '{brace}', 'NULL'], size: 1 + r.int(4), children: r.int(3) },
          housingSituation: 'without-home', categories, refugeeArrivalDate: categories.includes('refugee-settlement') ? day(on - 30) : null,
          needs: { minBedrooms: 1 + r.int(3), wheelchairAccessible: r.next() < 0.2, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: r.next() < 0.5 ? [] : ['Midtbyen', 'Øst, nord'], avoidedDistricts: [] },
          urgency: r.pick(['normal', 'acute'] as const),
          ...(r.next() < 0.5 ? { personalData: [{ subjectId: `P-${applicationId}`, sealed: 'pd1.abc.def.ghi' }] } : {}),
          actor,
        },
      });
      applications.set(applicationId, { stage: 'submitted', approvedOn: null });
      continue;
    }
    const applicationId = r.pick([...applications.keys()]);
    const a = applications.get(applicationId)!;
    const stream = `application-${applicationId}`;
    switch (a.stage) {
      case 'submitted': {
        const outcome = r.next() < 0.7 ? 'approved' : 'rejected';
        emit(stream, { type: 'ApplicationDecided', data: { applicationId, outcome, legalBasis: 'boligsosialloven § 6', reasons: 'criteria', decidedOn: day(on), notifiedOn: day(on + 1), appealDeadline: day(on + 22), actor } });
        a.stage = outcome;
        if (outcome === 'approved') a.approvedOn = day(on);
        break;
      }
      case 'rejected':
        emit(stream, { type: 'AppealReceived', data: { applicationId, receivedOn: day(on), appealDeadline: day(on + 1), lodgedInTime: r.next() < 0.8, actor } });
        a.stage = 'appealed';
        break;
      case 'appealed': {
        const reversed = r.next() < 0.6;
        emit(stream, { type: 'AppealDecided', data: { applicationId, outcome: reversed ? 'reversed' : 'upheld', legalBasis: 'fvl § 33', reasons: 'reviewed', decidedOn: day(on), notifiedOn: day(on + 1), approvedOn: reversed ? day(on) : null, actor } });
        a.stage = reversed ? 'approved' : 'closed';
        if (reversed) a.approvedOn = day(on);
        break;
      }
      case 'approved': {
        const move = r.next();
        if (move < 0.1) {
          emit(stream, { type: 'ApplicationWithdrawn', data: { applicationId, withdrawnOn: day(on), reason: null, actor } });
          a.stage = 'closed';
        } else if (move < 0.25) {
          emit(stream, { type: 'ApprovalExpired', data: { applicationId, expiredOn: day(on), validityMonths: 12, validFrom: a.approvedOn!, validUntil: day(on), actor } });
          a.stage = 'expired';
        } else {
          const dwellingId = r.pick(dwellings.filter((d) => !letDwellings.has(d)).concat('D-free'));
          const offerId = offer(applicationId, dwellingId, on);
          emit(stream, { type: 'ApplicationOffered', data: { applicationId, offerId, dwellingId, offeredOn: day(on), actor } });
          a.offer = { offerId, dwellingId };
          a.stage = 'offered';
        }
        break;
      }
      case 'expired':
        emit(stream, { type: 'ApprovalRenewed', data: { applicationId, renewedOn: day(on), reasons: 'still in need', wasExpired: true, listDatePolicy: 'keep-original-date', waitingSince: a.approvedOn!, actor } });
        a.stage = 'approved';
        break;
      case 'offered': {
        const { offerId, dwellingId } = a.offer!;
        const answer = r.next();
        if (answer < 0.5) {
          emit(`offer-${offerId}`, { type: 'OfferAccepted', data: { offerId, applicationId, dwellingId, acceptedOn: day(on), actor } });
          emit(stream, { type: 'ApplicantHoused', data: { applicationId, offerId, dwellingId, approvedOn: a.approvedOn!, acceptedOn: day(on), // Events recorded before the waiting time was carried have none: the projection computes it.
            waitingDays: r.next() < 0.5 ? (undefined as unknown as number) : 17, actor,
           } });
          letDwellings.add(dwellingId);
          a.stage = 'closed';
        } else {
          const declined = answer < 0.8;
          emit(`offer-${offerId}`, declined
            ? { type: 'OfferDeclined', data: { offerId, applicationId, dwellingId, declinedOn: day(on), reason: 'too small', actor } }
            : { type: 'OfferExpired', data: { offerId, applicationId, dwellingId, answerBy: day(on), expiredOn: day(on), actor } });
          emit(stream, { type: 'ReturnedToWaitingList', data: { applicationId, offerId, dwellingId, offerOutcome: declined ? 'declined' : 'expired', returnedOn: day(on), reason: null, listDatePolicy: 'keep-original-date', waitingSince: a.approvedOn!, actor } });
          a.stage = 'approved';
        }
        break;
      }
      case 'closed': {
        // A let dwelling falls vacant (the tenancy ended): its accepted placement ends; it can be offered again.
        const let_ = [...letDwellings];
        if (let_.length > 0 && r.next() < 0.2) {
          const dwellingId = r.pick(let_);
          emit(`dwelling-${dwellingId}`, { type: 'DwellingVacated', data: { dwellingId, leaseId: `L-${step}`, vacatedOn: day(on) } });
          letDwellings.delete(dwellingId);
        }
        break;
      }
    }
  }
  for (const meetingId of meetings.slice(1)) emit(`meeting-${meetingId}`, { type: 'MeetingClosed', data: { meetingId, closedOn: day(steps + 1), decisions: 1, actor } });

  // Events naming no row: each changes nothing (as an UPDATE matching no row), but a step is still recorded.
  emit('meeting-M-none', { type: 'MeetingClosed', data: { meetingId: 'M-none', closedOn: day(1), decisions: 0, actor } });
  emit('meeting-M-1', { type: 'CommitteeDecisionRecorded', data: { meetingId: 'M-1', decision: { kind: 'no-offer', applicationId: 'A-1', dwellingId: null, reasons: 'no dwelling fits' }, actor } });
  emit('application-A-none', { type: 'ApplicationDecided', data: { applicationId: 'A-none', outcome: 'approved', legalBasis: 'x', reasons: 'x', decidedOn: day(2), notifiedOn: day(2), appealDeadline: day(20), actor } });
  emit('offer-O-none', { type: 'OfferAccepted', data: { offerId: 'O-none', applicationId: 'A-none', dwellingId: 'D-1', acceptedOn: day(3), actor } });
  emit('offer-O-none', { type: 'OfferDeclined', data: { offerId: 'O-none', applicationId: 'A-none', dwellingId: 'D-1', declinedOn: day(3), reason: 'x', actor } });
  emit('dwelling-D-none', { type: 'DwellingVacated', data: { dwellingId: 'D-none', leaseId: 'L-none', vacatedOn: day(4) } });
  // An offer to a household whose application is not in the log (its placement has no categories).
  const unlisted = offer('A-unlisted', 'D-9', 5);
  emit(`offer-${unlisted}`, { type: 'OfferAccepted', data: { offerId: unlisted, applicationId: 'A-unlisted', dwellingId: 'D-9', acceptedOn: day(6), actor } });
  // An acceptance for an application never approved: no waiting time.
  const first = log.find((e) => e.type === 'ApplicationSubmitted')!.data as Extract<ApplicationEvent, { type: 'ApplicationSubmitted' }>['data'];
  emit('application-A-late', { type: 'ApplicationSubmitted', data: { ...first, applicationId: 'A-late' } });
  emit('offer-O-late', { type: 'OfferAccepted', data: { offerId: 'O-late', applicationId: 'A-late', dwellingId: 'D-9', acceptedOn: day(7), actor } });
  return log;
}
