import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { leaseIdForOffer } from '../../leases/lease-id.js';
import { CauseLinkRegistry, type CauseLookup, type CauseOrder } from './cause-link-registry.js';

type Data = Record<string, unknown>;
const data = (event: RecordedEvent) => event.data as Data;
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The decision on an application that put it on the waiting list (or kept it there). */
const APPROVALS = ['ApplicationDecided', 'AppealDecided', 'ApprovalRenewed'];

function lookup(
  link: string,
  kind: CauseLookup['kind'],
  id: unknown,
  eventTypes: string[],
  matches?: CauseLookup['matches'],
  order: CauseOrder = 'newest-before',
): CauseLookup[] {
  const value = str(id);
  return value === null ? [] : [{ link, kind, id: value, eventTypes, matches, order }];
}

/**
 * A cause found by identity or written in the same step, wherever it stands in the log (see
 * CauseOrder): the handlers write an offer's claims before the offer and the minutes after it, and
 * the household's tenancy and the dwelling's letting before the lease.
 */
function nearest(link: string, kind: CauseLookup['kind'], id: unknown, eventTypes: string[], matches?: CauseLookup['matches']): CauseLookup[] {
  return lookup(link, kind, id, eventTypes, matches, 'nearest');
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
  ApplicationOffered: (e) => nearest('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  ReturnedToWaitingList: (e) => {
    const offerId = str(data(e).offerId);
    return data(e).offerOutcome === 'signing-abandoned' && offerId !== null
      ? nearest('signing-abandoned', 'lease', leaseIdForOffer(offerId), ['LeaseSigningAbandoned'])
      : nearest('offer-answer', 'offer', offerId, ['OfferDeclined', 'OfferExpired']);
  },
  ApplicantHoused: (e) => nearest('offer-answer', 'offer', data(e).offerId, ['OfferAccepted']),
  // The committee and its offers
  CommitteeDecisionRecorded: (e) =>
    lookup('application-decision', 'application', (data(e).decision as Data | undefined)?.applicationId, APPROVALS),
  // Found through the offer (its decision names it), not among all the meeting's decisions.
  DwellingOffered: (e) =>
    nearest('committee-decision', 'offer', data(e).offerId, ['CommitteeDecisionRecorded'], (c) => {
      const decision = data(c).decision as Data | undefined;
      return data(c).meetingId === data(e).meetingId && decision?.offerId === data(e).offerId;
    }),
  OfferAccepted: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  OfferDeclined: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  OfferExpired: (e) => lookup('offer', 'offer', data(e).offerId, ['DwellingOffered']),
  // The dwelling follows the offer
  DwellingReserved: (e) => nearest('offer', 'application', data(e).applicationId, ['DwellingOffered'], sameDwelling(e)),
  ReservationReleased: (e) => nearest('offer-answer', 'application', data(e).applicationId, ['OfferDeclined', 'OfferExpired'], sameDwelling(e)),
  DwellingLet: (e) => [
    ...nearest('lease', 'lease', data(e).leaseId, ['LeaseSigned']),
    ...nearest('offer-answer', 'application', data(e).applicationId, ['OfferAccepted'], sameDwelling(e)),
  ],
  DwellingVacated: (e) => lookup('lease', 'lease', data(e).leaseId, [], (c) => c.streamId !== e.streamId),
  // Leases and the household's tenancy
  LeaseSigned: (e) => nearest('offer-answer', 'offer', (data(e).origin as Data | undefined)?.offerId, ['OfferAccepted']),
  TenancyStarted: (e) => nearest('lease', 'lease', data(e).leaseId, ['LeaseSigned']),
  TenancyEnded: (e) => lookup('lease', 'lease', data(e).leaseId, ['LeaseEnded', 'LeaseSigningAbandoned']),
  LeaseEnded: (e) => lookup('notice', 'lease', data(e).leaseId, ['LeaseNoticeGiven']),
  // From renting to owning
  TransitionStarted: (e) => lookup('lease', 'lease', data(e).leaseId, ['LeaseSigned', 'LeaseRenewed']),
  TransitionCompleted: (e) => lookup('transition', 'transition', data(e).transitionId, ['TransitionStarted']),
  TransitionAbandoned: (e) => lookup('transition', 'transition', data(e).transitionId, ['TransitionStarted']),
});
