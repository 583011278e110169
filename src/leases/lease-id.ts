import { nameBasedUuid } from '../shared-kernel/uuid.js';

/**
 * A lease signed from an offer has an id derived from the offer: signing the same accepted offer
 * twice (a retry, a double click) finds the same lease instead of making a second one.
 */
export function leaseIdForOffer(offerId: string): string {
  return nameBasedUuid(`lease/offer/${offerId}`);
}

/** A lease imported as opening balance: derived from the dwelling and the start date in the file. */
export function leaseIdForOpeningBalance(dwellingId: string, startDate: string): string {
  return nameBasedUuid(`lease/opening-balance/${dwellingId}/${startDate}`);
}
