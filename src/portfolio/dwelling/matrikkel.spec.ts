import { DomainError } from '../../shared-kernel/domain-error.js';
import { formatMatrikkel, parseMatrikkel, validateMatrikkel, type MatrikkelInput } from './matrikkel.js';

const oslo: MatrikkelInput = { kommunenummer: '0301', gardsnummer: 12, bruksnummer: 34, festenummer: null, seksjonsnummer: null };

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the value to be refused');
}

describe('matrikkel number', () => {
  it('accepts a matrikkel number with every part at its limit', () =>
    expect(
      validateMatrikkel({ kommunenummer: '5501', gardsnummer: 99_999, bruksnummer: 9_999, festenummer: 9_999, seksjonsnummer: 999 }),
    ).toEqual({ kommunenummer: '5501', gardsnummer: 99_999, bruksnummer: 9_999, festenummer: 9_999, seksjonsnummer: 999 }));

  it('stores a festenummer or seksjonsnummer that is left out as null', () =>
    expect(validateMatrikkel({ kommunenummer: '0301', gardsnummer: 12, bruksnummer: 34 })).toEqual(oslo));

  it.each([
    ['kommunenummer without its leading zero', { kommunenummer: '301' }, 'matrikkel.kommunenummer'],
    ['kommunenummer with five digits', { kommunenummer: '03011' }, 'matrikkel.kommunenummer'],
    ['kommunenummer with a letter', { kommunenummer: '03O1' }, 'matrikkel.kommunenummer'],
    ['kommunenummer given as a number', { kommunenummer: 301 as unknown as string }, 'matrikkel.kommunenummer'],
    ['gardsnummer 0', { gardsnummer: 0 }, 'matrikkel.gardsnummer'],
    ['gardsnummer of six digits', { gardsnummer: 100_000 }, 'matrikkel.gardsnummer'],
    ['gardsnummer with decimals', { gardsnummer: 12.5 }, 'matrikkel.gardsnummer'],
    ['bruksnummer 0', { bruksnummer: 0 }, 'matrikkel.bruksnummer'],
    ['bruksnummer of five digits', { bruksnummer: 10_000 }, 'matrikkel.bruksnummer'],
    ['festenummer 0 (none is null)', { festenummer: 0 }, 'matrikkel.festenummer'],
    ['festenummer of five digits', { festenummer: 10_000 }, 'matrikkel.festenummer'],
    ['seksjonsnummer of four digits', { seksjonsnummer: 1_000 }, 'matrikkel.seksjonsnummer'],
  ])('refuses a %s, naming the part', (_rule, change, field) =>
    expect(refusal(() => validateMatrikkel({ ...oslo, ...change }))).toMatchObject({
      code: 'INVALID_MATRIKKEL',
      field,
      category: 'BAD_USER_INPUT',
    }));

  it('refuses a missing matrikkel', () =>
    expect(refusal(() => validateMatrikkel(null))).toMatchObject({ code: 'INVALID_MATRIKKEL', field: 'matrikkel' }));

  it('names the field under the path it is given, so a correction points at its own field', () =>
    expect(refusal(() => validateMatrikkel({ ...oslo, bruksnummer: 0 }, 'changes.matrikkel')).field).toBe(
      'changes.matrikkel.bruksnummer',
    ));

  it('says the rule in plain words', () =>
    expect(refusal(() => validateMatrikkel({ ...oslo, kommunenummer: '301' })).message).toBe(
      "matrikkel.kommunenummer: must be exactly 4 digits, with the leading zero, e.g. '0301'",
    ));
});

describe('matrikkel text form', () => {
  it('writes all four numbers after the municipality, 0 for a missing festenummer or seksjonsnummer', () =>
    expect(formatMatrikkel(validateMatrikkel(oslo))).toBe('0301-12/34/0/0'));

  it('writes festenummer and seksjonsnummer when there are some', () =>
    expect(formatMatrikkel(validateMatrikkel({ ...oslo, festenummer: 5, seksjonsnummer: 6 }))).toBe('0301-12/34/5/6'));

  it('reads back what it writes', () => {
    const sectioned = validateMatrikkel({ kommunenummer: '5001', gardsnummer: 405, bruksnummer: 112, seksjonsnummer: 3 });
    expect(parseMatrikkel(formatMatrikkel(sectioned))).toEqual(sectioned);
  });

  it.each([
    ['0301-12/34', oslo],
    ['0301-12/34/5', { ...oslo, festenummer: 5 }],
    [' 0301-12/34/0/0 ', oslo],
  ])('reads the short form people write, %s', (text, expected) => expect(parseMatrikkel(text)).toEqual(expected));

  it.each(['0301 12/34', '0301-12', '0301-12/34/0/0/0', 'gnr 12 bnr 34', ''])('refuses text not in the form, %j', (text) =>
    expect(refusal(() => parseMatrikkel(text))).toMatchObject({ code: 'INVALID_MATRIKKEL', field: 'matrikkel' }));

  it('refuses text whose parts break their rules, naming the part', () =>
    expect(refusal(() => parseMatrikkel('301-12/34/0/0'))).toMatchObject({
      code: 'INVALID_MATRIKKEL',
      field: 'matrikkel.kommunenummer',
    }));
});
