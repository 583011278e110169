import { ValidationError } from '../shared-kernel/domain-error.js';
import { isCalendarDate } from '../portfolio/dwelling/calendar-date.js';

/**
 * The Norwegian national identity number (fødselsnummer) and its variants, 11 digits:
 *   DDMMYY III K1 K2
 * - DDMMYY: the birth date; III: the individual number, which also tells the century;
 * - K1, K2: mod-11 check digits. K1 is computed over the first 9 digits with weights
 *   3 7 6 1 8 9 4 5 2, K2 over the first 10 with weights 5 4 3 2 7 6 5 4 3 2. The check digit is
 *   11 minus the weighted sum modulo 11; a result of 11 gives 0, and a result of 10 means no
 *   number is issued with those digits (remainder 1), so such a number is invalid.
 * - D-number (d-nummer, for people without a fødselsnummer, e.g. newly arrived or working here
 *   for a while): the day plus 40 (first digit 4–7).
 * - Synthetic test numbers (Skatteetaten's Tenor test data): the month plus 80. They can never
 *   belong to a real person, so test and demo data use them; they are accepted unless
 *   `acceptSynthetic` is false (production configuration may refuse them).
 * - Not accepted: H-numbers (month plus 40), a health-sector help number that is not an identity
 *   in the national registry, and the check-digit rules announced for numbers issued from 2032.
 *
 * The number is personal data that may only be used where secure identification is needed: it is
 * never put into an error message, a log line or an event. Errors name the field and the rule only.
 */
export type NationalIdKind = 'fodselsnummer' | 'd-number' | 'synthetic';

export interface NationalIdOptions {
  /** Accept synthetic test numbers (month + 80). Default true. */
  acceptSynthetic?: boolean;
  /** The birth date must not be after this day (e.g. the date of the application). No clock is read. */
  notBornAfter?: string;
}

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const CODE = 'INVALID_NATIONAL_ID';

/** The check digit for `digits` with `weights`, or null when no valid check digit exists (remainder 1). */
export function mod11CheckDigit(digits: readonly number[], weights: readonly number[]): number | null {
  const sum = weights.reduce((total, weight, i) => total + weight * (digits[i] ?? 0), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

export interface NationalIdFacts {
  kind: NationalIdKind;
  birthDate: string; // YYYY-MM-DD
}

/**
 * Checks a national id and returns it unchanged. Every refusal is a ValidationError on `field`
 * with the rule in words; the value itself never appears in it.
 */
export function requireNationalId(value: unknown, field: string, options: NationalIdOptions = {}): string {
  nationalIdFacts(value, field, options);
  return value as string;
}

export function isValidNationalId(value: unknown, options: NationalIdOptions = {}): boolean {
  try {
    nationalIdFacts(value, 'nationalId', options);
    return true;
  } catch {
    return false;
  }
}

/** What the number tells: its kind and the birth date. Refuses an invalid number like requireNationalId. */
export function nationalIdFacts(value: unknown, field: string, options: NationalIdOptions = {}): NationalIdFacts {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) {
    throw new ValidationError(field, 'must be exactly 11 digits (a fødselsnummer or D-number)', CODE);
  }
  const digits = [...value].map(Number);
  if (mod11CheckDigit(digits, K1_WEIGHTS) !== digits[9] || mod11CheckDigit(digits, K2_WEIGHTS) !== digits[10]) {
    throw new ValidationError(field, 'has check digits that do not match; check the number for typing errors', CODE);
  }
  const facts = birthDateOf(value, options.acceptSynthetic ?? true);
  if (!facts) {
    throw new ValidationError(
      field,
      'must begin with a valid birth date DDMMYY (a D-number adds 40 to the day) that fits its individual number',
      CODE,
    );
  }
  if (options.notBornAfter !== undefined && facts.birthDate > options.notBornAfter) {
    throw new ValidationError(field, `must not have a birth date after ${options.notBornAfter}`, CODE);
  }
  return facts;
}

function birthDateOf(value: string, acceptSynthetic: boolean): NationalIdFacts | null {
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  const yy = Number(value.slice(4, 6));
  const individual = Number(value.slice(6, 9));
  let kind: NationalIdKind = 'fodselsnummer';
  if (day > 40) {
    kind = 'd-number';
    day -= 40;
  }
  if (month > 80) {
    if (!acceptSynthetic) return null;
    kind = 'synthetic';
    month -= 80;
  }
  const century = centuryOf(individual, yy);
  if (century === null) return null;
  const birthDate = `${century + yy}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(birthDate) ? { kind, birthDate } : null;
}

/**
 * The individual number tells the century (Skatteetaten's allocation):
 * 000–499 1900–1999; 500–749 with year 54–99 1854–1899; 500–999 with year 00–39 2000–2039;
 * 900–999 with year 40–99 1940–1999. Other combinations are not issued.
 */
function centuryOf(individual: number, yy: number): number | null {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (yy <= 39) return 2000;
  if (individual >= 900 && yy >= 40) return 1900;
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
