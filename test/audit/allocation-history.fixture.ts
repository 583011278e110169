import { v7 as uuidv7 } from 'uuid';
import type { ApplicationEvent } from '../../src/applications/application/application.events.js';
import type { CommitteeMeetingEvent } from '../../src/allocations/committee-meeting/committee-meeting.events.js';
import type { OfferEvent } from '../../src/allocations/offer/offer.events.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import type { NewEvent } from '../../src/event-store/event-envelope.js';

/**
 * An allocation as the allocation issue will record it (its streams are not wired yet): the
 * application approved, the committee's decision, the offer and its acceptance. Events are typed
 * by the deciders' own event types, so a change of their shapes breaks this fixture at compile time.
 */
export interface AllocationIds {
  applicationId: string;
  applicantId: string;
  meetingId: string;
  offerId: string;
  dwellingId: string;
}

type AnyEvent = ApplicationEvent | CommitteeMeetingEvent | OfferEvent;

export async function appendAllocation(store: EventStore, ids: AllocationIds, correlationId: string) {
  const append = async (streamId: string, event: AnyEvent, role: string, causationId = uuidv7()) => {
    const id = uuidv7();
    const e: NewEvent = {
      id,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: { actor: 'subject-4711', role, correlationId, causationId, occurredAt: '2025-03-01T09:00:00.000Z' },
    };
    const result = await store.append(streamId, [e], 'any');
    return { id, position: result.position };
  };
  const application = `application-${ids.applicationId}`;
  const meeting = `meeting-${ids.meetingId}`;
  const offer = `offer-${ids.offerId}`;
  const { applicationId, applicantId, meetingId, offerId, dwellingId } = ids;
  const submitted = await append(application, {
    type: 'ApplicationSubmitted',
    data: {
      applicationId, kind: 'new', currentLeaseId: null, submittedOn: '2025-01-10',
      household: { applicantId, memberIds: [], size: 1, children: 0 },
      housingSituation: 'without-home', categories: ['disability'], refugeeArrivalDate: null,
      needs: { minBedrooms: 1, wheelchairAccessible: false, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] },
      urgency: 'normal', actor: 'subject-4711',
    },
  }, 'caseworker');
  const approved = await append(application, {
    type: 'ApplicationDecided',
    data: { applicationId, outcome: 'approved', legalBasis: 'boligsosial lov § 5', reasons: 'meets the criteria', decidedOn: '2025-01-20', notifiedOn: '2025-01-21', appealDeadline: '2025-02-11', actor: 'subject-4711' },
  }, 'caseworker');
  await append(meeting, { type: 'MeetingConvened', data: { meetingId, heldOn: '2025-03-01', members: ['subject-1', 'subject-2'], actor: 'subject-1' } }, 'allocation-committee');
  const decision = await append(meeting, {
    type: 'CommitteeDecisionRecorded',
    data: { meetingId, decision: { kind: 'offer', offerId, applicationId, dwellingId }, actor: 'subject-1' },
  }, 'allocation-committee');
  const offered = await append(offer, {
    type: 'DwellingOffered',
    data: {
      offerId, applicationId, dwellingId, meetingId, decidedOn: '2025-03-01', offeredOn: '2025-03-02', answerBy: '2025-03-16',
      legalBasis: 'tildelingsforskrift § 3', reasons: 'longest waiting', listPosition: { position: 1, reason: 'list date' },
      fit: { requiredBedrooms: 1, dwellingBedrooms: 2, inPreferredDistrict: true }, concentration: null, concentrationOverride: null, actor: 'subject-1',
    },
  }, 'allocation-committee');
  return { submitted, approved, decision, offered };
}

export async function appendAcceptance(store: EventStore, ids: AllocationIds, correlationId: string) {
  const { applicationId, offerId, dwellingId } = ids;
  const meta = { actor: 'subject-4711', role: 'caseworker', correlationId, causationId: uuidv7(), occurredAt: '2025-03-10T09:00:00.000Z' };
  const accepted: NewEvent = { id: uuidv7(), type: 'OfferAccepted', schemaVersion: 1, data: { offerId, applicationId, dwellingId, acceptedOn: '2025-03-10', actor: 'subject-4711' }, metadata: meta };
  await store.append(`offer-${offerId}`, [accepted], 'any');
  const housed: NewEvent = {
    id: uuidv7(), type: 'ApplicantHoused', schemaVersion: 1,
    data: { applicationId, offerId, dwellingId, approvedOn: '2025-01-20', acceptedOn: '2025-03-10', waitingDays: 49, actor: 'system' },
    metadata: { ...meta, actor: 'system', role: 'system', causationId: accepted.id },
  };
  const result = await store.append(`application-${applicationId}`, [housed], 'any');
  return { accepted: accepted.id, housed: housed.id, position: result.position };
}
