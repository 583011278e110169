import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import { OPENING_BALANCE_COLUMNS } from './opening-balance-columns.js';
import { readOpeningBalanceFile } from './opening-balance-file.js';
import { formatRowError } from './row-error.js';
import { unitDwellingId } from './unit-dwelling-id.js';

type Row = Partial<Record<(typeof OPENING_BALANCE_COLUMNS)[number]['name'], string>>;

const HEADER = OPENING_BALANCE_COLUMNS.map((c) => c.name);

const valid: Row = {
  dwelling_id: '',
  kommunenummer: '1505',
  gardsnummer: '12',
  bruksnummer: '345',
  festenummer: '',
  seksjonsnummer: '',
  bruksenhetsnummer: 'H0101',
  street: 'Langveien 4',
  postal_code: '6509',
  postal_town: 'Kristiansund',
  district: 'Nordlandet',
  dwelling_type: 'ordinary',
  rooms: '3',
  bedrooms: '2',
  primary_area_m2: '62,5',
  floor: '1',
  wheelchair_accessible: 'ja',
  universally_designed: 'nei',
  shared_living: 'nei',
  rent_to_own_potential: 'ja',
  ownership: 'municipal',
  lease_in_end_date: '',
  registered_on: '2025-01-01',
  grant_amount: '',
  grant_date: '',
  grant_write_down_years: '',
};

/** A ;-delimited file with the full header, one line per row (row i is on line i + 2). */
function csv(...rows: Row[]): string {
  return [HEADER.join(';'), ...rows.map((r) => HEADER.map((h) => r[h] ?? '').join(';'))].join('\n') + '\n';
}

const row = (changes: Row): Row => ({ ...valid, ...changes });

describe('opening-balance file: row validation', () => {
  it('turns a valid row into RegisterDwelling with the CSV conventions read (decimal comma, ja/nei, empty = none)', () => {
    const file = readOpeningBalanceFile(csv(valid));
    expect(file.rejected).toEqual([]);
    expect(file.rows).toHaveLength(1);
    expect(file.rows[0]!.line).toBe(2);
    expect(file.rows[0]!.entry).toEqual({
      registration: {
        type: 'RegisterDwelling',
        dwellingId: file.rows[0]!.dwellingId,
        matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, seksjonsnummer: null },
        bruksenhetsnummer: 'H0101',
        address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
        district: 'Nordlandet',
        dwellingType: 'ordinary',
        rooms: 3,
        bedrooms: 2,
        primaryAreaM2: 62.5,
        floor: 1,
        wheelchairAccessible: true,
        universallyDesigned: false,
        sharedLiving: false,
        rentToOwnPotential: true,
        ownership: 'municipal',
        leaseInEndDate: null,
        registeredOn: '2025-01-01',
      },
      grant: null,
    });
  });

  it('accepts true/false and 1/0 for yes/no, the API spelling of options, and 0 as "no festenummer"', () => {
    const file = readOpeningBalanceFile(
      csv(row({ wheelchair_accessible: 'TRUE', universally_designed: '0', shared_living: 'Nei', rent_to_own_potential: '1', dwelling_type: 'CARE_NEAR_BASE', festenummer: '0', seksjonsnummer: '3' })),
    );
    expect(file.rejected).toEqual([]);
    expect(file.rows[0]!.entry.registration).toMatchObject({
      wheelchairAccessible: true,
      universallyDesigned: false,
      sharedLiving: false,
      rentToOwnPotential: true,
      dwellingType: 'care-near-base',
      matrikkel: { festenummer: null, seksjonsnummer: 3 },
    });
  });

  it('reports the line (1-based, of the file), the column (header name), the rule and the code the API gives', () => {
    const file = readOpeningBalanceFile(csv(valid, valid, row({ bruksenhetsnummer: 'H0102' }), row({ bruksenhetsnummer: 'H0103', postal_code: '651' })));
    // Line 3 and 2 are the same unit: see the duplicate test. Line 5 has the bad postal code.
    const postal = file.rejected.find((e) => e.column === 'postal_code');
    expect(postal).toEqual({ line: 5, column: 'postal_code', rule: "must be exactly 4 digits, e.g. '0150'", code: 'INVALID_POSTAL_CODE' });
    expect(formatRowError(postal!)).toBe("line 5, column postal_code: must be exactly 4 digits, e.g. '0150' (INVALID_POSTAL_CODE)");
  });

  it('collects every error of a row, not only the first the decider meets', () => {
    const file = readOpeningBalanceFile(
      csv(
        row({
          kommunenummer: '301',
          gardsnummer: 'tolv',
          bruksenhetsnummer: 'X0101',
          postal_code: '',
          rooms: '25',
          primary_area_m2: '0',
          wheelchair_accessible: 'kanskje',
          ownership: 'owned',
          registered_on: '01.01.2025',
        }),
      ),
    );
    expect(file.rows).toEqual([]);
    expect(file.rejectedRows).toBe(1);
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'kommunenummer', 'INVALID_MATRIKKEL'],
      [2, 'gardsnummer', 'INVALID_MATRIKKEL'],
      [2, 'bruksenhetsnummer', 'INVALID_BRUKSENHETSNUMMER'],
      [2, 'postal_code', 'FIELD_REQUIRED'],
      [2, 'rooms', 'FIELD_OUT_OF_RANGE'],
      [2, 'primary_area_m2', 'FIELD_OUT_OF_RANGE'],
      [2, 'wheelchair_accessible', 'INVALID_OPTION'],
      [2, 'ownership', 'INVALID_OPTION'],
      [2, 'registered_on', 'INVALID_DATE'],
    ]);
    expect(file.rejected.find((e) => e.column === 'rooms')!.rule).toBe('must be a whole number from 1 to 20');
    expect(file.rejected.find((e) => e.column === 'postal_code')!.rule).toBe('must not be empty');
  });

  it('applies the rules between fields: bedrooms not more than rooms, lease-in end date for and only for leased-in', () => {
    const file = readOpeningBalanceFile(
      csv(
        row({ bruksenhetsnummer: 'H0101', rooms: '2', bedrooms: '3' }),
        row({ bruksenhetsnummer: 'H0102', ownership: 'leased-in' }),
        row({ bruksenhetsnummer: 'H0103', lease_in_end_date: '2027-06-30' }),
        row({ bruksenhetsnummer: 'H0104', ownership: 'leased-in', lease_in_end_date: '2027-06-30' }),
      ),
    );
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'bedrooms', 'FIELD_OUT_OF_RANGE'],
      [3, 'lease_in_end_date', 'FIELD_REQUIRED'],
      [4, 'lease_in_end_date', 'FIELD_NOT_ALLOWED'],
    ]);
    expect(file.rows.map((r) => r.line)).toEqual([5]);
  });

  it('does not report a fault that only follows from another one (a wrong ownership with an end date)', () => {
    const file = readOpeningBalanceFile(
      csv(row({ ownership: 'innleid', lease_in_end_date: '2027-06-30', grant_amount: '500000', grant_date: '2015-01-01', grant_write_down_years: '30' })),
    );
    expect(file.rejected.map((e) => e.column)).toEqual(['ownership']);
  });

  it('reads a grant given as all three columns, with spaces between thousands', () => {
    const file = readOpeningBalanceFile(csv(row({ grant_amount: '1 016 000', grant_date: '2019-09-01', grant_write_down_years: '30' })));
    expect(file.rejected).toEqual([]);
    expect(file.rows[0]!.entry.grant).toEqual({ amount: 1_016_000, grantDate: '2019-09-01', writeDownYears: 30 });
  });

  it('requires the grant columns together: all three or none', () => {
    const file = readOpeningBalanceFile(csv(row({ grant_amount: '500000' })));
    expect(file.rejected.map((e) => [e.column, e.code])).toEqual([
      ['grant_date', 'FIELD_REQUIRED'],
      ['grant_write_down_years', 'FIELD_REQUIRED'],
    ]);
    expect(file.rejected[0]!.rule).toMatch(/grant_amount is given/);
  });

  it("checks the grant with the decider's rules: amount, date, write-down years, and no grant on a leased-in dwelling", () => {
    const file = readOpeningBalanceFile(
      csv(
        row({ bruksenhetsnummer: 'H0101', grant_amount: '12,5', grant_date: '2019-02-30', grant_write_down_years: '25' }),
        row({ bruksenhetsnummer: 'H0102', ownership: 'leased-in', lease_in_end_date: '2027-06-30', grant_amount: '500000', grant_date: '2019-01-01', grant_write_down_years: '30' }),
      ),
    );
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'grant_amount', 'INVALID_AMOUNT'],
      [2, 'grant_date', 'INVALID_DATE'],
      [2, 'grant_write_down_years', 'INVALID_OPTION'],
      [3, 'grant_amount', 'DWELLING_LEASED_IN'],
    ]);
  });

  it('refuses a dwelling_id that is not a UUID, and keeps a valid one (in lower case)', () => {
    const file = readOpeningBalanceFile(
      csv(row({ bruksenhetsnummer: 'H0101', dwelling_id: 'bolig-17' }), row({ bruksenhetsnummer: 'H0102', dwelling_id: '0190C1A2-7B3E-7C44-9A10-5E2F1B0C9D11' })),
    );
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([[2, 'dwelling_id', 'INVALID_FIELD']]);
    expect(file.rows[0]!.dwellingId).toBe('0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11');
  });

  it('refuses every row of a unit that appears twice, naming the other lines', () => {
    const file = readOpeningBalanceFile(csv(valid, row({ bruksenhetsnummer: 'H0102' }), row({ gardsnummer: '012', festenummer: '0', district: 'Innlandet' })));
    expect(file.rejected).toEqual([
      { line: 2, column: 'bruksenhetsnummer', rule: 'the same unit (1505-12/345/0/0 H0101) is also on line 4; a unit may appear only once', code: 'DUPLICATE_UNIT' },
      { line: 4, column: 'bruksenhetsnummer', rule: 'the same unit (1505-12/345/0/0 H0101) is also on line 2; a unit may appear only once', code: 'DUPLICATE_UNIT' },
    ]);
    expect(file.rows.map((r) => r.line)).toEqual([3]);
  });

  it('refuses two rows with the same dwelling_id', () => {
    const id = '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11';
    const file = readOpeningBalanceFile(csv(row({ dwelling_id: id }), row({ dwelling_id: id, bruksenhetsnummer: 'H0102' })));
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'dwelling_id', 'DUPLICATE_DWELLING_ID'],
      [3, 'dwelling_id', 'DUPLICATE_DWELLING_ID'],
    ]);
  });

  it('refuses both rows with the same dwelling_id when one of them has another error too, listing every error', () => {
    const id = '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11';
    const file = readOpeningBalanceFile(
      csv(row({ dwelling_id: id, postal_code: 'x' }), row({ dwelling_id: id.toUpperCase(), bruksenhetsnummer: 'H0102' }), row({ bruksenhetsnummer: 'H0103' })),
    );
    expect(file.rejected).toEqual([
      { line: 2, column: 'postal_code', rule: "must be exactly 4 digits, e.g. '0150'", code: 'INVALID_POSTAL_CODE' },
      { line: 2, column: 'dwelling_id', rule: 'the same dwelling id is also on line 3; each dwelling needs its own id', code: 'DUPLICATE_DWELLING_ID' },
      { line: 3, column: 'dwelling_id', rule: 'the same dwelling id is also on line 2; each dwelling needs its own id', code: 'DUPLICATE_DWELLING_ID' },
    ]);
    expect(file.rows.map((r) => r.line)).toEqual([4]);
    expect(file.rows.map((r) => r.dwellingId)).not.toContain(id);
    expect(file.rejectedRows).toBe(2);
  });

  it('refuses a row with the wrong number of fields without guessing which value is which', () => {
    const text = csv(valid).replace('Langveien 4', 'Langveien 4; inngang B');
    const file = readOpeningBalanceFile(text);
    expect(file.rejected).toEqual([{ line: 2, column: null, rule: expect.stringMatching(/has 27 fields, but the header has 26/), code: 'WRONG_FIELD_COUNT' }]);
  });

  it('reports a row on the line it starts on when a quoted value spans lines', () => {
    const text = [HEADER.join(';'), HEADER.map((h) => (h === 'street' ? '"Langveien 4\nInngang B"' : (valid[h] ?? ''))).join(';'), HEADER.map((h) => (h === 'postal_code' ? 'x' : h === 'bruksenhetsnummer' ? 'H0102' : (valid[h] ?? ''))).join(';')].join('\n');
    const file = readOpeningBalanceFile(text);
    expect(file.rejected.map((e) => [e.line, e.column])).toEqual([[4, 'postal_code']]);
  });
});

describe('opening-balance file: header and file faults', () => {
  it('reads columns by name, in any order and case, and lets optional columns be left out', () => {
    const required = OPENING_BALANCE_COLUMNS.filter((c) => c.required).map((c) => c.name).reverse();
    const text = `${required.map((n) => ` ${n.toUpperCase()} `).join(',')}\n${required.map((n) => (n === 'primary_area_m2' ? '62.5' : valid[n])).join(',')}\n`;
    const file = readOpeningBalanceFile(text);
    expect(file.rejected).toEqual([]);
    expect(file.rows[0]!.entry.registration).toMatchObject({ primaryAreaM2: 62.5, matrikkel: { festenummer: null }, leaseInEndDate: null });
  });

  it('refuses a file missing a required column, or with an unknown or repeated one, and reads no row', () => {
    const header = HEADER.filter((h) => h !== 'district').map((h) => (h === 'grant_amount' ? 'grant_ammount' : h));
    const file = readOpeningBalanceFile(`${[...header, 'rooms'].join(';')}\n${[...header, 'rooms'].map(() => '1').join(';')}\n`);
    expect(file.fileErrors).toBe(true);
    expect(file.rows).toEqual([]);
    expect(file.rejectedRows).toBe(1);
    expect(file.rejected.map((e) => [e.line, e.column, e.code])).toEqual([
      [1, 'grant_ammount', 'UNKNOWN_COLUMN'],
      [1, 'rooms', 'DUPLICATE_COLUMN'],
      [1, 'district', 'MISSING_COLUMN'],
    ]);
  });

  it('allows the empty header names a trailing delimiter leaves', () => {
    const text = csv(valid).replace('\n', ';\n').replace(/\n(.*)\n$/, '\n$1;\n');
    expect(readOpeningBalanceFile(text).rejected).toEqual([]);
  });

  it('reports a file that is not CSV as a file fault', () => {
    const file = readOpeningBalanceFile(`${HEADER.join(';')}\n"unclosed;1505\n`);
    expect(file.fileErrors).toBe(true);
    expect(file.rejected).toEqual([{ line: 2, column: null, rule: expect.stringMatching(/never closed/), code: 'CSV_UNCLOSED_QUOTE' }]);
  });

  it('reads the example file shipped in examples/ without an error', () => {
    const file = readOpeningBalanceFile(readFileSync(join(packageRoot, 'examples', 'dwellings-opening-balance.csv'), 'utf8'));
    expect(file.rejected).toEqual([]);
    expect(file.rows.length).toBeGreaterThanOrEqual(15);
    expect(file.rows.filter((r) => r.entry.grant !== null)).toHaveLength(2);
    expect(file.rows.filter((r) => r.entry.registration.ownership === 'leased-in')).toHaveLength(1);
  });

  it('documents every column in the README', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const column of OPENING_BALANCE_COLUMNS) expect(readme).toContain(`| \`${column.name}\` |`);
  });
});

describe('dwelling id derived from the unit', () => {
  const matrikkel = { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, seksjonsnummer: null };

  it('is the same for the same unit on every import, and a UUID version 8 with the RFC 9562 variant', () => {
    const id = unitDwellingId(matrikkel, 'H0101');
    expect(id).toBe(unitDwellingId({ ...matrikkel }, 'H0101'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs between units of one building and between properties', () => {
    const ids = new Set([
      unitDwellingId(matrikkel, 'H0101'),
      unitDwellingId(matrikkel, 'H0102'),
      unitDwellingId({ ...matrikkel, seksjonsnummer: 1 }, 'H0101'),
      unitDwellingId({ ...matrikkel, kommunenummer: '0301' }, 'H0101'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('is what a row without dwelling_id gets', () => {
    expect(readOpeningBalanceFile(csv(valid)).rows[0]!.dwellingId).toBe(unitDwellingId(matrikkel, 'H0101'));
  });
});
