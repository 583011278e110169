import { DomainError, ValidationError } from '../shared-kernel/domain-error.js';
import { isValidNationalId, mod11CheckDigit, nationalIdFacts, requireNationalId } from './national-id.js';

/**
 * Every valid number here is synthetic (month + 80, Skatteetaten's test convention) or has a birth
 * date in 2039: computed with the check-digit algorithm, none can belong to a living person.
 */
const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Completes DDMMYYIII with both check digits, or null when the prefix has no valid K1 or K2. */
function withCheckDigits(prefix: string): string | null {
  const digits = [...prefix].map(Number);
  const k1 = mod11CheckDigit(digits, K1);
  if (k1 === null) return null;
  const k2 = mod11CheckDigit([...digits, k1], K2);
  return k2 === null ? null : `${prefix}${k1}${k2}`;
}

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the national id to be refused');
}

describe('national id (fødselsnummer)', () => {
  it('computes the synthetic test numbers used in these specs', () => {
    expect(withCheckDigits('158885123')).toBe('15888512389');
    expect(withCheckDigits('158885009')).toBeNull(); // remainder 1 for this individual number
    expect(withCheckDigits('018190456')).toBe('01819045662');
    expect(withCheckDigits('298200500')).toBe('29820050043');
    expect(withCheckDigits('558385123')).toBe('55838512312');
    expect(withCheckDigits('311239999')).toBe('31123999935');
  });

  it.each([
    ['a synthetic number (month + 80)', '15888512389', 'synthetic', '1985-08-15'],
    ['a synthetic number of the 1990s', '01819045662', 'synthetic', '1990-01-01'],
    ['a synthetic number born 29 February 2000 (individual number 500–999: 2000s)', '29820050043', 'synthetic', '2000-02-29'],
    ['a synthetic D-number (day + 40, month + 80)', '55838512312', 'synthetic', '1985-03-15'],
    ['a fødselsnummer born 2039 (individual number 999, year 39)', '31123999935', 'fodselsnummer', '2039-12-31'],
    ['a D-number (day + 40)', '71123999929', 'd-number', '2039-12-31'],
  ])('accepts %s', (_what, value, kind, birthDate) => {
    expect(requireNationalId(value, 'nationalId')).toBe(value);
    expect(nationalIdFacts(value, 'nationalId')).toEqual({ kind, birthDate });
  });

  it('uses 0 as the check digit when 11 minus the remainder is 11', () =>
    expect(mod11CheckDigit([0, 0, 0, 0, 0, 0, 0, 0, 0], K1)).toBe(0));

  it('has no valid number when the remainder is 1 (check digit 10)', () => {
    expect(mod11CheckDigit([...'158885009'].map(Number), K1)).toBeNull();
    for (let k1 = 0; k1 <= 9; k1++) {
      for (let k2 = 0; k2 <= 9; k2++) expect(isValidNationalId(`158885009${k1}${k2}`)).toBe(false);
    }
  });

  it.each([
    ['a wrong second check digit', '15888512388'],
    ['a wrong first check digit', '15888512399'],
    ['two digits swapped', '15888521389'],
    ['10 digits', '1588851238'],
    ['12 digits', '158885123890'],
    ['a letter', '1588851238A'],
    ['spaces', '158885 12389'],
    ['a birth date that does not exist (29 February 2001)', withCheckDigits('298201500')!],
    ['month 13', withCheckDigits('011385123')!],
    ['an individual number not issued for its year (789 in 1985)', '55838578917'],
  ])('refuses %s', (_what, value) => expect(isValidNationalId(value)).toBe(false));

  it('refuses a number given as a number, not text', () =>
    expect(refusal(() => requireNationalId(15888512389, 'nationalId'))).toMatchObject({ code: 'INVALID_NATIONAL_ID', field: 'nationalId' }));

  it('refuses synthetic test numbers where configuration says so', () => {
    expect(isValidNationalId('15888512389', { acceptSynthetic: false })).toBe(false);
    expect(isValidNationalId('31123999935', { acceptSynthetic: false })).toBe(true);
  });

  it('refuses a birth date after the given day (no clock is read)', () => {
    expect(isValidNationalId('31123999935', { notBornAfter: '2025-06-01' })).toBe(false);
    expect(isValidNationalId('15888512389', { notBornAfter: '2025-06-01' })).toBe(true);
  });

  it.each([
    ['a wrong check digit', '15888512388', {}],
    ['a short number', '1588851238', {}],
    ['an impossible birth date', withCheckDigits('298201500')!, {}],
    ['a refused synthetic number', '15888512389', { acceptSynthetic: false }],
    ['a birth date after the application', '31123999935', { notBornAfter: '2025-06-01' }],
  ])('never puts the number into the error for %s, only the field and the rule', (_what, value, options) => {
    const error = refusal(() => requireNationalId(value, 'personalData.persons[0].nationalId', options));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('INVALID_NATIONAL_ID');
    expect(error.field).toBe('personalData.persons[0].nationalId');
    expect(error.message).toMatch(/^personalData\.persons\[0\]\.nationalId: /);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(value.slice(0, 6)); // not even the birth-date part
    expect(JSON.stringify(error)).not.toContain(value);
    expect(String(error.stack)).not.toContain(value);
  });
});
