import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { leaseIdForOffer } from '../../leases/lease-id.js';
import { CauseLinkRegistry, type CauseLookup } from './cause-link-registry.js';

type Data = Record<string, unknown>;
const data = (event: RecordedEvent) => event.data as Data;
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The decision on an application that put it on the waiting list (or kept it there). */
const APPROVALS = ['ApplicationDecided', 'AppealDecided', 'ApprovalRenewed'];

function lookup(link: string, kind: CauseLookup['kind'], id: unknown, eventTypes: string[], matches?: CauseLookup['matches']): CauseLookup[] {
  const value = str(id);
  return value === null ? [] : [{ link, kind, id: value, eventTypes, matches }];
}

const sameDwelling = (event: RecordedEvent) => (candidate: RecordedEvent) => data(candidate).dwellingId === data(event).dwellingId;

/**
 * The domain's cause links (documented in README.md):
 * application decision → committee decision → offer → answer → dwelling and application reactions.
 */
export const causeLinks = new CauseLinkRegistry().register({
  // Applications
  AppealReceived: (e) => lookup('appealed-decision', 'application', data(e).applicationId, ['ApplicationDecided']),
  AppealDecided: (e) => lookup('appeal', 'application', data(e).applicationId, ['AppealReceived']),
  ApplicationOffered: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  ReturnedToWaitingList: (e) => {
    const offerId = str(data(e).offerId);
    return data(e).offerOutcome === 'signing-abandoned' && offerId !== null
      ? lookup('signing-abandoned', 'lease', leaseIdForOffer(offerId), ['LeaseSigningAbandoned'])
      : lookup('offer-answer', 'offer', offerId, ['OfferDeclined', 'OfferExpired']);
  },
  ApplicantHoused: (e) => lookup('offer-answer', 'offer', data(e).offerId, ['OfferAccepted']),
  // The committee and its offers
  CommitteeDecisionRecorded: (e) =>
    lookup('application-decision', 'application', (data(e).decision as Data | undefined)?.applicationId, APPROVALS),
  DwellingOffered: (e) =>
    lookup('committee-decision', 'meeting', data(e).meetingId, ['CommitteeDecisionRecorded'], (c) => {
      const decision = data(c).decision as Data | undefined;
      return decision?.offerId === data(e).offerId;
    }),
  OfferAccepted: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  OfferDeclined: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  OfferExpired: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  // The dwelling follows the offer
  DwellingReserved: (e) => lookup('offer', 'application', data(e).applicationId, ['DwellingOffered'], sameDwelling(e)),
  ReservationReleased: (e) => lookup('offer-answer', 'application', data(e).applicationId, ['OfferDeclined', 'OfferExpired'], sameDwelling(e)),
  DwellingLet: (e) => [
    ...lookup('lease', 'lease', data(e).leaseId, [], (c) => c.streamId !== e.streamId),
    ...lookup('offer-answer', 'application', data(e).applicationId, ['OfferAccepted'], sameDwelling(e)),
  ],
  DwellingVacated: (e) => lookup('lease', 'lease', data(e).leaseId, [], (c) => c.streamId !== e.streamId),
  // Leases and the household's tenancy
  LeaseSigned: (e) => lookup('offer-answer', 'offer', (data(e).origin as Data | undefined)?.offerId, ['OfferAccepted']),
  TenancyStarted: (e) => lookup('lease', 'lease', data(e).leaseId, ['LeaseSigned']),
  TenancyEnded: (e) => lookup('lease', 'lease', data(e).leaseId, ['LeaseEnded', 'LeaseSigningAbandoned']),
  LeaseEnded: (e) => lookup('notice', 'lease', data(e).leaseId, ['LeaseNoticeGiven']),
  // From renting to owning
  TransitionStarted: (e) => lookup('lease', 'lease', data(e).leaseId, ['LeaseSigned', 'LeaseRenewed']),
  TransitionCompleted: (e) => lookup('transition', 'transition', data(e).transitionId, ['TransitionStarted']),
  TransitionAbandoned: (e) => lookup('transition', 'transition', data(e).transitionId, ['TransitionStarted']),
});
