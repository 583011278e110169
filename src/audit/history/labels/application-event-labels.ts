import type { ApplicationEventType } from '../../../applications/application/application.events.js';
import type { EventLabel } from '../event-label-registry.js';

/** The Application aggregate's events (søknad om kommunal bolig). */
export const applicationEventLabels: Record<ApplicationEventType, EventLabel> = {
  ApplicationSubmitted: { nb: 'Søknad mottatt', en: 'Application submitted' },
  ApplicationDecided: { nb: 'Søknad avgjort (vedtak)', en: 'Application decided' },
  AppealReceived: { nb: 'Klage mottatt', en: 'Appeal received' },
  AppealDecided: { nb: 'Klage avgjort', en: 'Appeal decided' },
  ApplicationWithdrawn: { nb: 'Søknad trukket', en: 'Application withdrawn' },
  ApprovalExpired: { nb: 'Godkjenning utløpt', en: 'Approval expired' },
  ApprovalRenewed: { nb: 'Godkjenning fornyet', en: 'Approval renewed' },
  ApplicationOffered: { nb: 'Søker tilbudt bolig', en: 'Applicant offered a dwelling' },
  ReturnedToWaitingList: { nb: 'Tilbake på ventelisten', en: 'Returned to the waiting list' },
  ApplicantHoused: { nb: 'Søker bosatt', en: 'Applicant housed' },
};
