import type { DwellingEventType } from '../dwelling/dwelling.events.js';

/**
 * THE WHITELIST of what the property company sees of each dwelling event in the change feed.
 *
 * The feed leaves the municipality, so it carries no personal data and nothing linked to an
 * application or a lease. A field is published only if it is named here (a whitelist, not a
 * blacklist: a field added to an event later stays inside until someone adds it here on purpose).
 * `true` publishes a plain value (text, number, true/false, null); an object or list under `true` is
 * left out. A nested selection publishes those fields of an object.
 *
 * Left out on purpose:
 * - applicationId, leaseId (DwellingReserved, ReservationReleased, DwellingLet, DwellingVacated):
 *   they lead to a household. The company sees only that and when the dwelling was reserved or let.
 * - assessor (ConditionAssessmentRecorded): may be a person's name.
 * - free-text reasons and notes written by caseworkers (ReservationReleased.reason,
 *   DwellingMarkedForDisposal.note, DisposalCancelled.reason, DwellingDetailsUpdated.reason): they
 *   may name or describe a person.
 * - buyer, price and grant settlement of a sale (DwellingSold): a sale to the sitting tenant tells
 *   what a known household paid. The company sees that and when the dwelling left the portfolio.
 * - the monthly rent and financing of an acquisition: a lease-in's rent is a private owner's income.
 * - source: published as the change's companyReference/companyVersion instead.
 */
export interface FieldSelection {
  readonly [field: string]: true | FieldSelection;
}

const MATRIKKEL: FieldSelection = { kommunenummer: true, gardsnummer: true, bruksnummer: true, festenummer: true, seksjonsnummer: true };
const ADDRESS: FieldSelection = { street: true, postalCode: true, postalTown: true };

/** The dwelling's description (DwellingDescription): the stock itself, nothing personal in it. */
const DESCRIPTION: FieldSelection = {
  matrikkel: MATRIKKEL,
  bruksenhetsnummer: true,
  address: ADDRESS,
  district: true,
  dwellingType: true,
  rooms: true,
  bedrooms: true,
  primaryAreaM2: true,
  floor: true,
  wheelchairAccessible: true,
  universallyDesigned: true,
  sharedLiving: true,
  rentToOwnPotential: true,
  ownership: true,
  leaseInEndDate: true,
};

export const PUBLISHED_FIELDS: Record<DwellingEventType, FieldSelection> = {
  DwellingRegistered: { dwellingId: true, registeredOn: true, ...DESCRIPTION },
  DwellingAcquired: { dwellingId: true, acquiredOn: true, ...DESCRIPTION, acquisition: { method: true } },
  RentalHousingGrantRecorded: { dwellingId: true, grant: { amount: true, grantDate: true, writeDownYears: true } },
  ConditionAssessmentRecorded: { dwellingId: true, grade: true, buildingPart: true, assessedOn: true, reportReference: true },
  RenovationStarted: { dwellingId: true, startedOn: true, scope: true, expectedCompletionOn: true },
  RenovationCompleted: { dwellingId: true, completedOn: true },
  DwellingReserved: { dwellingId: true, reservedOn: true },
  ReservationReleased: { dwellingId: true, releasedOn: true },
  DwellingLet: { dwellingId: true, letOn: true },
  DwellingVacated: { dwellingId: true, vacatedOn: true },
  DwellingMarkedForDisposal: { dwellingId: true, markedOn: true, reason: true },
  DisposalCancelled: { dwellingId: true, cancelledOn: true },
  DwellingSold: { dwellingId: true, soldOn: true },
  LeaseInEnded: { dwellingId: true, endedOn: true },
  DwellingDetailsUpdated: { dwellingId: true, correctedOn: true, changes: DESCRIPTION },
};

/** The published part of an event's data; an event type not listed publishes nothing but its dwelling. */
export function publishedData(eventType: string, data: unknown): Record<string, unknown> {
  const selection = (PUBLISHED_FIELDS as Record<string, FieldSelection | undefined>)[eventType] ?? { dwellingId: true };
  return pick(data, selection);
}

function pick(value: unknown, selection: FieldSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  const source = value as Record<string, unknown>;
  for (const [field, rule] of Object.entries(selection)) {
    if (!Object.prototype.hasOwnProperty.call(source, field)) continue;
    const v = source[field];
    if (rule === true) {
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[field] = v;
    } else if (v === null) {
      out[field] = null;
    } else if (typeof v === 'object' && !Array.isArray(v)) {
      out[field] = pick(v, rule);
    }
  }
  return out;
}
