import type { DataSubjectEvent } from '../../../personal-data/data-subject/data-subject.events.js';
import type { EventLabel } from '../event-label-registry.js';

/** Erasure of a data subject's personal data (sletting etter personvernforordningen art. 17). */
export const personalDataEventLabels: Record<DataSubjectEvent['type'], EventLabel> = {
  DataSubjectErased: { nb: 'Personopplysninger slettet', en: 'Personal data erased' },
};
