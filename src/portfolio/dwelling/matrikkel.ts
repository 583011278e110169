import { ValidationError } from '../../shared-kernel/domain-error.js';

/**
 * The matrikkel number identifies a property in Kartverket's cadastre (matrikkelen):
 * kommunenummer (municipality) - gardsnummer / bruksnummer / festenummer / seksjonsnummer.
 * Festenummer (a leasehold plot) and seksjonsnummer (a section in an owner-section building) are
 * optional and stored as null when the property has none.
 */
export interface Matrikkel {
  kommunenummer: string; // text, so the leading zero of e.g. '0301' (Oslo) survives
  gardsnummer: number;
  bruksnummer: number;
  festenummer: number | null;
  seksjonsnummer: number | null;
}

/** What callers may send: the optional parts may be left out and are then stored as null. */
export type MatrikkelInput = Omit<Matrikkel, 'festenummer' | 'seksjonsnummer'> & {
  festenummer?: number | null;
  seksjonsnummer?: number | null;
};

const CODE = 'INVALID_MATRIKKEL';

/** Checks every part; `path` names the field in errors, e.g. 'matrikkel.gardsnummer'. */
export function validateMatrikkel(value: MatrikkelInput | null | undefined, path = 'matrikkel'): Matrikkel {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', CODE);
  if (typeof value.kommunenummer !== 'string' || !/^\d{4}$/.test(value.kommunenummer)) {
    throw new ValidationError(
      `${path}.kommunenummer`,
      "must be exactly 4 digits, with the leading zero, e.g. '0301'",
      CODE,
    );
  }
  return {
    kommunenummer: value.kommunenummer,
    gardsnummer: part(value.gardsnummer, `${path}.gardsnummer`, 99_999),
    bruksnummer: part(value.bruksnummer, `${path}.bruksnummer`, 9_999),
    festenummer: optionalPart(value.festenummer, `${path}.festenummer`, 9_999),
    seksjonsnummer: optionalPart(value.seksjonsnummer, `${path}.seksjonsnummer`, 999),
  };
}

/**
 * The conventional text form 'kommunenummer-gardsnummer/bruksnummer/festenummer/seksjonsnummer',
 * e.g. '0301-12/34/0/0': always four numbers after the dash, 0 for a missing festenummer or
 * seksjonsnummer. A fixed number of parts keeps the text unambiguous and easy to search.
 */
export function formatMatrikkel(m: Matrikkel): string {
  return `${m.kommunenummer}-${m.gardsnummer}/${m.bruksnummer}/${m.festenummer ?? 0}/${m.seksjonsnummer ?? 0}`;
}

/**
 * Reads the text form back. Accepts the short forms '0301-12/34' and '0301-12/34/5' too, as
 * people write them; 0 as festenummer or seksjonsnummer means "none".
 */
export function parseMatrikkel(text: string, path = 'matrikkel'): Matrikkel {
  const match = /^(\d+)-(\d+)\/(\d+)(?:\/(\d+))?(?:\/(\d+))?$/.exec(text.trim());
  if (!match) {
    throw new ValidationError(
      path,
      "must be written kommunenummer-gardsnummer/bruksnummer/festenummer/seksjonsnummer, e.g. '0301-12/34/0/0'",
      CODE,
    );
  }
  const [, kommunenummer, gnr, bnr, fnr, snr] = match;
  const noneIfZero = (digits: string | undefined) => (digits === undefined || Number(digits) === 0 ? null : Number(digits));
  return validateMatrikkel(
    {
      kommunenummer: kommunenummer!,
      gardsnummer: Number(gnr),
      bruksnummer: Number(bnr),
      festenummer: noneIfZero(fnr),
      seksjonsnummer: noneIfZero(snr),
    },
    path,
  );
}

function part(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(field, `must be a whole number from 1 to ${max}`, CODE);
  }
  return value;
}

function optionalPart(value: unknown, field: string, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(field, `must be a whole number from 1 to ${max}, or left out (null) when there is none`, CODE);
  }
  return value;
}
