import type { RecordedEvent } from '../../event-store/event-envelope.js';

/** The things an auditor asks the history of. A household is named by its applicant's pseudonymous id. */
export const ENTITY_KINDS = ['dwelling', 'application', 'household', 'offer', 'meeting', 'lease', 'transition'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/** The field of event data that names each kind (on the data itself, or on its `decision`). */
const ID_FIELDS: ReadonlyArray<[string, EntityKind]> = [
  ['dwellingId', 'dwelling'],
  ['applicationId', 'application'],
  ['offerId', 'offer'],
  ['meetingId', 'meeting'],
  ['leaseId', 'lease'],
  ['previousLeaseId', 'lease'],
  ['householdId', 'household'],
  ['transitionId', 'transition'],
];

/**
 * The entities an event is about: every id field of its data (and of a committee `decision` and a
 * lease's `origin`), so
 * an offer appears in the histories of its dwelling, application, meeting and itself. Households are
 * resolved through the application (see entity-events.projection.ts).
 */
export function entitiesNamedBy(event: Pick<RecordedEvent, 'data'>): EntityRef[] {
  const refs = new Map<string, EntityRef>();
  const scan = (data: unknown) => {
    if (typeof data !== 'object' || data === null) return;
    for (const [field, kind] of ID_FIELDS) {
      const value = (data as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.length > 0) refs.set(`${kind}:${value}`, { kind, id: value });
    }
  };
  scan(event.data);
  scan((event.data as { decision?: unknown } | null)?.decision);
  scan((event.data as { origin?: unknown } | null)?.origin);
  return [...refs.values()];
}

/** The applicant id of a submitted application (the household's key), if the event is one. */
export function householdOfSubmission(event: Pick<RecordedEvent, 'type' | 'data'>): string | null {
  if (event.type !== 'ApplicationSubmitted') return null;
  const applicant = (event.data as { household?: { applicantId?: unknown } }).household?.applicantId;
  return typeof applicant === 'string' ? applicant : null;
}
