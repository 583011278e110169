import { DomainError } from '../../shared-kernel/domain-error.js';
import { FLOOR_LETTERS, parseBruksenhetsnummer, validateBruksenhetsnummer } from './bruksenhetsnummer.js';

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the value to be refused');
}

describe('bruksenhetsnummer', () => {
  it.each(['H0101', 'U0102', 'K0101', 'L0203', 'H9999'])('accepts %s', (value) =>
    expect(validateBruksenhetsnummer(value)).toBe(value));

  it('reads the floor letter, the floor and the unit', () =>
    expect(parseBruksenhetsnummer('L0203')).toEqual({ floorLetter: 'L', floorNumber: 2, unitNumber: 3 }));

  it('explains each floor letter', () => expect(Object.keys(FLOOR_LETTERS)).toEqual(['H', 'U', 'K', 'L']));

  it.each([
    ['a letter other than H, U, K or L', 'X0101'],
    ['a lower-case letter', 'h0101'],
    ['a one-digit floor', 'H101'],
    ['no letter', '0101'],
    ['trailing text', 'H0101A'],
    ['floor 00', 'H0001'],
    ['unit 00', 'H0100'],
    ['a number instead of text', 101],
  ])('refuses %s', (_rule, value) =>
    expect(refusal(() => validateBruksenhetsnummer(value))).toMatchObject({
      code: 'INVALID_BRUKSENHETSNUMMER',
      field: 'bruksenhetsnummer',
      category: 'BAD_USER_INPUT',
    }));

  it('says the format in plain words', () =>
    expect(refusal(() => validateBruksenhetsnummer('X0101')).message).toContain(
      "H main floor, U under-floor, K basement, L loft), two digits for the floor and two for the unit, e.g. 'H0101'",
    ));
});
