import { ValidationError } from '../../shared-kernel/domain-error.js';
import { validateBruksenhetsnummer } from './bruksenhetsnummer.js';
import { requireCalendarDate } from './calendar-date.js';
import { requireBoolean, requireInteger, requireOneOf, requireText } from './field-rules.js';
import { validateMatrikkel, type Matrikkel } from './matrikkel.js';

/**
 * Kinds of dwelling in a differentiated stock (Kobo: boligtype):
 * - ordinary: ordinær bolig
 * - care-with-staff-base: omsorgsbolig med personalbase (staff on site)
 * - care-near-base: omsorgsbolig nær personalbase
 * - ordinary-with-common-areas: ordinær bolig med fellesareal
 * - temporary: midlertidig bolig (sosialtjenesteloven § 27, acute need)
 */
export const DWELLING_TYPES = [
  'ordinary',
  'care-with-staff-base',
  'care-near-base',
  'ordinary-with-common-areas',
  'temporary',
] as const;
export type DwellingType = (typeof DWELLING_TYPES)[number];

/**
 * Who owns the dwelling (Kobo: eieform/disposisjonsform): the municipality itself, its property
 * company (kommunalt eiendomsselskap/foretak), or a private owner it is leased in from.
 */
export const OWNERSHIPS = ['municipal', 'property-company', 'leased-in'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** What the portfolio knows about a dwelling, shared by registration, acquisition and corrections. */
export interface DwellingDescription {
  matrikkel: Matrikkel;
  bruksenhetsnummer: string;
  address: { street: string; postalCode: string; postalTown: string };
  district: string; // the area the municipality names (bydel/område)
  dwellingType: DwellingType;
  rooms: number;
  bedrooms: number;
  primaryAreaM2: number; // primærrom (P-ROM), Kobo: bruksareal
  floor: number;
  wheelchairAccessible: boolean;
  universallyDesigned: boolean;
  sharedLiving: boolean; // Kobo: erBofellesskap
  rentToOwnPotential: boolean; // Kobo: leieTilEiePotensial
  ownership: Ownership;
  leaseInEndDate: string | null; // required (and only allowed) when ownership is 'leased-in'
}

export const DESCRIPTION_FIELDS = [
  'matrikkel',
  'bruksenhetsnummer',
  'address',
  'district',
  'dwellingType',
  'rooms',
  'bedrooms',
  'primaryAreaM2',
  'floor',
  'wheelchairAccessible',
  'universallyDesigned',
  'sharedLiving',
  'rentToOwnPotential',
  'ownership',
  'leaseInEndDate',
] as const satisfies readonly (keyof DwellingDescription)[];

/**
 * Checks a description and returns exactly its fields (nothing else of the command), text trimmed.
 * `prefix` is put before field names in errors, e.g. 'changes.' for corrections.
 */
export function validateDwellingDescription(d: DwellingDescription, prefix = ''): DwellingDescription {
  const f = (name: string) => `${prefix}${name}`;
  // Checked in the order of the fields, so the first fault reported is the first one in the form.
  const matrikkel = validateMatrikkel(d.matrikkel, f('matrikkel'));
  const bruksenhetsnummer = validateBruksenhetsnummer(d.bruksenhetsnummer, f('bruksenhetsnummer'));
  const address = validateAddress(d.address, f('address'));
  const district = requireText(d.district, f('district'));
  const dwellingType = requireOneOf(d.dwellingType, f('dwellingType'), DWELLING_TYPES);
  const rooms = requireInteger(d.rooms, f('rooms'), 1, 20);
  // A room in shared living can be the bedroom itself, so bedrooms may equal rooms but never exceed them.
  const bedrooms = requireInteger(d.bedrooms, f('bedrooms'), 0, 20);
  if (bedrooms > rooms) {
    throw new ValidationError(f('bedrooms'), `must not be more than the number of rooms (${rooms})`, 'FIELD_OUT_OF_RANGE');
  }
  const primaryAreaM2 = requirePrimaryArea(d.primaryAreaM2, f('primaryAreaM2'));
  const floor = requireInteger(d.floor, f('floor'), -5, 60);
  const wheelchairAccessible = requireBoolean(d.wheelchairAccessible, f('wheelchairAccessible'));
  const universallyDesigned = requireBoolean(d.universallyDesigned, f('universallyDesigned'));
  const sharedLiving = requireBoolean(d.sharedLiving, f('sharedLiving'));
  const rentToOwnPotential = requireBoolean(d.rentToOwnPotential, f('rentToOwnPotential'));
  const ownership = requireOneOf(d.ownership, f('ownership'), OWNERSHIPS);
  const leaseInEndDate = requireLeaseInEndDate(d.leaseInEndDate, ownership, f('leaseInEndDate'));
  return {
    matrikkel,
    bruksenhetsnummer,
    address,
    district,
    dwellingType,
    rooms,
    bedrooms,
    primaryAreaM2,
    floor,
    wheelchairAccessible,
    universallyDesigned,
    sharedLiving,
    rentToOwnPotential,
    ownership,
    leaseInEndDate,
  };
}

function validateAddress(value: unknown, path: string): DwellingDescription['address'] {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const address = value as Partial<DwellingDescription['address']>;
  const street = requireText(address.street, `${path}.street`);
  if (typeof address.postalCode !== 'string' || !/^\d{4}$/.test(address.postalCode)) {
    throw new ValidationError(`${path}.postalCode`, "must be exactly 4 digits, e.g. '0150'", 'INVALID_POSTAL_CODE');
  }
  return { street, postalCode: address.postalCode, postalTown: requireText(address.postalTown, `${path}.postalTown`) };
}

function requirePrimaryArea(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1000) {
    throw new ValidationError(field, 'must be more than 0 and at most 1000 square metres', 'FIELD_OUT_OF_RANGE');
  }
  return value;
}

/** A leased-in dwelling leaves the portfolio when the lease ends, so its end date must be known. */
function requireLeaseInEndDate(value: unknown, ownership: Ownership, field: string): string | null {
  if (ownership === 'leased-in') {
    if (value === null || value === undefined) {
      throw new ValidationError(field, "is required when the ownership is 'leased-in'", 'FIELD_REQUIRED');
    }
    return requireCalendarDate(value, field);
  }
  if (value !== null && value !== undefined) {
    throw new ValidationError(field, "is only allowed when the ownership is 'leased-in'; leave it empty", 'FIELD_NOT_ALLOWED');
  }
  return null;
}
