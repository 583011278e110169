import type { MarkHoused, MarkOfferDeclinedOrExpired, MarkOffered } from '../applications/application/application.commands.js';
import type { ApplicationsPolicy } from '../applications/applications-policy.js';
import type { ReleaseReservation, ReserveDwelling } from '../portfolio/dwelling/dwelling.commands.js';
import type { OfferEvent } from './offer/offer.events.js';

/**
 * What each offer event asks of the other aggregates, as commands a process (the handler, or a
 * subscription) sends on. Pure, so the flow is stated once and tested:
 * - offered: the application is marked offered (off the list), the dwelling reserved for it;
 * - declined or expired: the household returns to the list by the configured list-date rule, and
 *   the dwelling's reservation is released (it is available again);
 * - accepted: the application is housed, with its waiting time; the leases issue turns the accepted
 *   offer into a lease, which lets the dwelling (MarkLet with this application id).
 * The application commands recognise a repeat, so the process may deliver an event more than once.
 */
export interface OfferReactions {
  application: MarkOffered | MarkOfferDeclinedOrExpired | MarkHoused;
  dwelling: ReserveDwelling | ReleaseReservation | null;
}

export function offerReactions(
  event: OfferEvent,
  policy: Pick<ApplicationsPolicy, 'listDateAfterDeclinedOffer' | 'listDateAfterExpiredOffer' | 'approvalValidityMonths'>,
): OfferReactions {
  const { offerId, applicationId, dwellingId, actor } = event.data;
  switch (event.type) {
    case 'DwellingOffered':
      return {
        application: { type: 'MarkOffered', applicationId, actor, offerId, dwellingId, offeredOn: event.data.offeredOn, validityMonths: policy.approvalValidityMonths },
        dwelling: { type: 'ReserveDwelling', dwellingId, applicationId, reservedOn: event.data.offeredOn },
      };
    case 'OfferDeclined':
      return {
        application: {
          type: 'MarkOfferDeclinedOrExpired',
          applicationId,
          actor,
          offerId,
          offerOutcome: 'declined',
          returnedOn: event.data.declinedOn,
          reason: event.data.reason,
          listDatePolicy: policy.listDateAfterDeclinedOffer,
        },
        dwelling: { type: 'ReleaseReservation', dwellingId, applicationId, releasedOn: event.data.declinedOn, reason: `offer ${offerId} declined` },
      };
    case 'OfferExpired':
      return {
        application: {
          type: 'MarkOfferDeclinedOrExpired',
          applicationId,
          actor,
          offerId,
          offerOutcome: 'expired',
          returnedOn: event.data.expiredOn,
          recordedOn: event.data.recordedOn ?? null,
          reason: null,
          listDatePolicy: policy.listDateAfterExpiredOffer,
        },
        // The dwelling was held until the expiry was recorded: its release is dated then.
        dwelling: { type: 'ReleaseReservation', dwellingId, applicationId, releasedOn: event.data.recordedOn ?? event.data.expiredOn, reason: `offer ${offerId} expired` },
      };
    case 'OfferAccepted':
      return { application: { type: 'MarkHoused', applicationId, actor, offerId, acceptedOn: event.data.acceptedOn }, dwelling: null };
  }
}
