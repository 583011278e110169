import { ValidationError } from '../../shared-kernel/domain-error.js';

/**
 * The bruksenhetsnummer tells the units of one building apart, e.g. 'H0101':
 * a floor letter, two digits for the floor, two digits for the unit on that floor.
 */
export const FLOOR_LETTERS = {
  H: 'hovedetasje: a main floor, at or above ground level',
  U: 'underetasje: a floor partly below ground level',
  K: 'kjelleretasje: a basement, below ground level',
  L: 'loftsetasje: a loft floor under the roof',
} as const;

export type FloorLetter = keyof typeof FLOOR_LETTERS;

export interface BruksenhetsnummerParts {
  floorLetter: FloorLetter;
  floorNumber: number; // 1..99, counted from 01 within each kind of floor (H01 is the first main floor)
  unitNumber: number; // 1..99, the unit's number on that floor
}

const FORMAT = /^([HUKL])(\d{2})(\d{2})$/;
const CODE = 'INVALID_BRUKSENHETSNUMMER';

export function parseBruksenhetsnummer(value: unknown, field = 'bruksenhetsnummer'): BruksenhetsnummerParts {
  const match = typeof value === 'string' ? FORMAT.exec(value) : null;
  if (!match) {
    throw new ValidationError(
      field,
      "must be a floor letter (H main floor, U under-floor, K basement, L loft), two digits for the floor and two for the unit, e.g. 'H0101'",
      CODE,
    );
  }
  const [, letter, floor, unit] = match;
  const parts = { floorLetter: letter as FloorLetter, floorNumber: Number(floor), unitNumber: Number(unit) };
  // Numbering starts at 01 for both floor and unit: 00 does not occur.
  if (parts.floorNumber === 0) throw new ValidationError(field, "the floor number must be from 01 to 99, e.g. 'H0101'", CODE);
  if (parts.unitNumber === 0) throw new ValidationError(field, "the unit number must be from 01 to 99, e.g. 'H0101'", CODE);
  return parts;
}

/** Returns the bruksenhetsnummer unchanged when it is well formed. */
export function validateBruksenhetsnummer(value: unknown, field = 'bruksenhetsnummer'): string {
  parseBruksenhetsnummer(value, field);
  return value as string;
}
