import type { CommitteeMeetingEvent } from '../../../allocations/committee-meeting/committee-meeting.events.js';
import type { OfferEventType } from '../../../allocations/offer/offer.events.js';
import type { EventLabel } from '../event-label-registry.js';

/** The allocation committee's meetings (tildelingsutvalg). */
export const committeeMeetingEventLabels: Record<CommitteeMeetingEvent['type'], EventLabel> = {
  MeetingConvened: { nb: 'Tildelingsmøte innkalt', en: 'Committee meeting convened' },
  CommitteeDecisionRecorded: { nb: 'Tildelingsvedtak protokollført', en: 'Committee decision recorded' },
  MeetingClosed: { nb: 'Tildelingsmøte avsluttet', en: 'Committee meeting closed' },
};

/** Offers of a dwelling to a household (tilbud om bolig). */
export const offerEventLabels: Record<OfferEventType, EventLabel> = {
  DwellingOffered: { nb: 'Bolig tilbudt', en: 'Dwelling offered' },
  OfferAccepted: { nb: 'Tilbud akseptert', en: 'Offer accepted' },
  OfferDeclined: { nb: 'Tilbud avslått', en: 'Offer declined' },
  OfferExpired: { nb: 'Tilbud utløpt', en: 'Offer expired' },
};
