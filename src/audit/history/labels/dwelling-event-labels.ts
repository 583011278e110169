import type { DwellingEventType } from '../../../portfolio/dwelling/dwelling.events.js';
import type { UnitClaimEvent } from '../../../portfolio/unit-claim/unit-claim.decider.js';
import type { EventLabel } from '../event-label-registry.js';

/** The Dwelling aggregate's events (a Record over the type union: a new event type must get a label). */
export const dwellingEventLabels: Record<DwellingEventType, EventLabel> = {
  DwellingRegistered: { nb: 'Bolig registrert (inngående balanse)', en: 'Dwelling registered (opening balance)' },
  DwellingAcquired: { nb: 'Bolig anskaffet', en: 'Dwelling acquired' },
  RentalHousingGrantRecorded: { nb: 'Tilskudd til utleieboliger registrert', en: 'Rental-housing grant recorded' },
  ConditionAssessmentRecorded: { nb: 'Tilstandsvurdering registrert', en: 'Condition assessment recorded' },
  RenovationStarted: { nb: 'Rehabilitering startet', en: 'Renovation started' },
  RenovationCompleted: { nb: 'Rehabilitering fullført', en: 'Renovation completed' },
  DwellingReserved: { nb: 'Bolig reservert', en: 'Dwelling reserved' },
  ReservationReleased: { nb: 'Reservasjon opphevet', en: 'Reservation released' },
  DwellingLet: { nb: 'Bolig utleid', en: 'Dwelling let' },
  DwellingVacated: { nb: 'Bolig fraflyttet', en: 'Dwelling vacated' },
  DwellingMarkedForDisposal: { nb: 'Bolig vedtatt avhendet', en: 'Dwelling marked for disposal' },
  DisposalCancelled: { nb: 'Avhending avlyst', en: 'Disposal cancelled' },
  DwellingSold: { nb: 'Bolig solgt', en: 'Dwelling sold' },
  LeaseInEnded: { nb: 'Innleie avsluttet', en: 'Lease-in ended' },
  DwellingDetailsUpdated: { nb: 'Boligopplysninger rettet', en: 'Dwelling details corrected' },
};

/** The claim of a unit (matrikkel number and bruksenhetsnummer) by the dwelling that brings it into the portfolio. */
export const unitClaimEventLabels: Record<UnitClaimEvent['type'], EventLabel> = {
  DwellingUnitClaimed: { nb: 'Bruksenhet knyttet til bolig i porteføljen', en: 'Dwelling unit claimed' },
};
