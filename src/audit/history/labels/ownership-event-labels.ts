import type { TransitionEventType } from '../../../ownership/transition/transition.events.js';
import type { EventLabel } from '../event-label-registry.js';

/** From renting to owning (fra leie til eie). */
export const transitionEventLabels: Record<TransitionEventType, EventLabel> = {
  TransitionStarted: { nb: 'Leie til eie startet', en: 'Tenant-to-owner transition started' },
  TransitionPlanChanged: { nb: 'Plan for leie til eie endret', en: 'Transition plan changed' },
  FinancialCounsellingRecorded: { nb: 'Økonomisk rådgivning registrert', en: 'Financial counselling recorded' },
  StartlanGranted: { nb: 'Startlån innvilget', en: 'Startlån granted' },
  StartlanReportedToHusbanken: { nb: 'Startlån rapportert til Husbanken', en: 'Startlån reported to Husbanken' },
  OtherFinancingRecorded: { nb: 'Annen finansiering registrert', en: 'Other financing recorded' },
  TransitionCompleted: { nb: 'Leie til eie fullført (kjøpt)', en: 'Transition completed (bought)' },
  TransitionAbandoned: { nb: 'Leie til eie avbrutt', en: 'Transition abandoned' },
  TransitionFollowUpFailed: { nb: 'Oppfølging av leie til eie feilet', en: 'Transition follow-up failed' },
};
