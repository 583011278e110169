/**
 * Where an offer stands: 'made' waits for the household's answer until answerBy; 'accepted',
 * 'declined' and 'expired' are final.
 */
export type OfferStatus = 'made' | 'accepted' | 'declined' | 'expired';

export interface NoOffer {
  status: 'none';
}

export interface Offer {
  status: OfferStatus;
  offerId: string;
  applicationId: string;
  dwellingId: string;
  meetingId: string;
  offeredOn: string;
  answerBy: string;
  answeredOn: string | null; // accepted, declined or expired on
}

export type OfferState = NoOffer | Offer;

export const initialState: OfferState = { status: 'none' };
