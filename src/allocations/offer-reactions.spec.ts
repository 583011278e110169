import { applicationDecider } from '../applications/application/application.decider.js';
import type { ApplicationEvent } from '../applications/application/application.events.js';
import { DEFAULT_APPLICATIONS_POLICY } from '../applications/applications-policy.js';
import { waitingListEntry } from '../applications/waiting-list/waiting-list-entry.js';
import { replay } from '../shared-kernel/decider.js';
import { offerReactions } from './offer-reactions.js';
import type { OfferEvent } from './offer/offer.events.js';

const ids = { offerId: 'offer-1', applicationId: 'application-1', dwellingId: 'dwelling-9' };
const offered = {
  type: 'DwellingOffered',
  data: { ...ids, offeredOn: '2025-04-02', answerBy: '2025-04-09', actor: 'committee-secretary' },
} as unknown as OfferEvent;
const expired: OfferEvent = { type: 'OfferExpired', data: { ...ids, answerBy: '2025-04-09', expiredOn: '2025-04-10', actor: 'system' } };
const accepted: OfferEvent = { type: 'OfferAccepted', data: { ...ids, acceptedOn: '2025-04-08', actor: 'caseworker-17' } };

const onTheList: ApplicationEvent[] = [
  {
    type: 'ApplicationSubmitted',
    data: {
      applicationId: 'application-1',
      kind: 'new',
      currentLeaseId: null,
      submittedOn: '2025-01-06',
      household: { applicantId: 'person-a', memberIds: [], size: 1, children: 0 },
      housingSituation: 'without-home',
      categories: [],
      refugeeArrivalDate: null,
      needs: { minBedrooms: 0, wheelchairAccessible: false, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] },
      urgency: 'normal',
      actor: 'caseworker-17',
    },
  },
  {
    type: 'ApplicationDecided',
    data: {
      applicationId: 'application-1',
      outcome: 'approved',
      legalBasis: 'boligsosialloven § 6',
      reasons: 'Without a home.',
      decidedOn: '2025-01-15',
      notifiedOn: '2025-01-20',
      appealDeadline: '2025-02-10',
      actor: 'caseworker-17',
    },
  },
];

/** Applies the application's side of each offer event in turn. */
function applicationAfterOffer(...offerEvents: OfferEvent[]): ApplicationEvent[] {
  return applicationAfterOfferUnder(DEFAULT_APPLICATIONS_POLICY, ...offerEvents);
}

function applicationAfterOfferUnder(policy: typeof DEFAULT_APPLICATIONS_POLICY, ...offerEvents: OfferEvent[]): ApplicationEvent[] {
  return offerEvents.reduce((history, event) => {
    const { application } = offerReactions(event, policy);
    return [...history, ...applicationDecider.decide(application, replay(applicationDecider, history))];
  }, onTheList);
}

describe('offer reactions', () => {
  it('reserves the dwelling and takes the household off the list when an offer is made', () => {
    expect(offerReactions(offered, DEFAULT_APPLICATIONS_POLICY).dwelling).toEqual({
      type: 'ReserveDwelling',
      dwellingId: 'dwelling-9',
      applicationId: 'application-1',
      reservedOn: '2025-04-02',
    });
    expect(waitingListEntry(replay(applicationDecider, applicationAfterOffer(offered)))).toBeNull();
  });

  it('frees the dwelling and returns the household to the list under the configured rule when the offer expires', () => {
    expect(offerReactions(expired, DEFAULT_APPLICATIONS_POLICY).dwelling).toEqual({
      type: 'ReleaseReservation',
      dwellingId: 'dwelling-9',
      applicationId: 'application-1',
      releasedOn: '2025-04-10',
      reason: 'offer offer-1 expired',
    });
    expect(waitingListEntry(replay(applicationDecider, applicationAfterOffer(offered, expired)))?.waitingSince).toBe('2025-01-15');
    const restart = { ...DEFAULT_APPLICATIONS_POLICY, listDateAfterExpiredOffer: 'restart-date' as const };
    expect(offerReactions(expired, restart).application).toMatchObject({ listDatePolicy: 'restart-date', returnedOn: '2025-04-10' });
  });

  it('returns the household from the day the offer lapsed and frees the dwelling the day the expiry was recorded, when the job ran late', () => {
    const late = { ...expired, data: { ...expired.data, expiredOn: '2025-04-10', recordedOn: '2025-05-02' } } as OfferEvent;
    const restart = { ...DEFAULT_APPLICATIONS_POLICY, listDateAfterExpiredOffer: 'restart-date' as const };
    const reactions = offerReactions(late, restart);
    expect(reactions.application).toMatchObject({ returnedOn: '2025-04-10' });
    expect(reactions.dwelling).toMatchObject({ releasedOn: '2025-05-02' });
    expect(waitingListEntry(replay(applicationDecider, applicationAfterOfferUnder(restart, offered, late)))?.waitingSince).toBe('2025-04-10');
  });

  it('houses the household when the offer is accepted, and leaves letting the dwelling to the lease', () => {
    expect(offerReactions(accepted, DEFAULT_APPLICATIONS_POLICY).dwelling).toBeNull();
    expect(applicationAfterOffer(offered, accepted).at(-1)).toMatchObject({ type: 'ApplicantHoused', data: { waitingDays: 83 } });
  });

  it('records nothing more when an event is delivered twice', () =>
    expect(applicationAfterOffer(offered, offered, expired, expired)).toHaveLength(onTheList.length + 2));
});
