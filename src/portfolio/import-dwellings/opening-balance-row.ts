import { isUuid } from '../../shared-kernel/uuid.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { RegisterDwelling } from '../dwelling/dwelling.commands.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import type { DwellingEvent, DwellingRegistered } from '../dwelling/dwelling.events.js';
import { initialState, type DwellingState } from '../dwelling/dwelling.state.js';
import { formatMatrikkel } from '../dwelling/matrikkel.js';
import type { RentalHousingGrant } from '../dwelling/rental-housing-grant.js';
import type { CsvRecord } from './csv-reader.js';
import { columnOfField, GRANT_COLUMNS, OPENING_BALANCE_COLUMNS, type OpeningBalanceColumnName } from './opening-balance-columns.js';
import { grantCommand, type OpeningBalanceEntry } from './opening-balance.decider.js';
import type { RowError } from './row-error.js';
import { unitDwellingId, unitName } from './unit-dwelling-id.js';

/** Where each column is in the file: its index among the fields, and how many fields a row has. */
export interface ColumnIndex {
  positions: ReadonlyMap<OpeningBalanceColumnName, number>;
  width: number;
}

/** A row read: the entry when the row is valid, else its errors (every one of them). */
export interface RowReading {
  line: number;
  entry: OpeningBalanceEntry | null;
  /** The dwelling the row is about; set when the row is valid. */
  dwellingId: string | null;
  /** The unit's name (matrikkel and bruksenhetsnummer), when those cells are valid: finds duplicates. */
  unit: string | null;
  /** The unit in words for messages, e.g. '1505-12/345/0/0 H0101'. */
  unitText: string | null;
  explicitDwellingId: boolean;
  /**
   * The dwelling id the file gives, when it is a UUID (in lower case), whatever else is wrong with
   * the row: finds the rows that share it, so a row with another error still counts as a twin.
   */
  givenDwellingId: string | null;
  errors: RowError[];
}

/** The cells that name the unit: a duplicate unit, and the derived dwelling id, need all of them valid. */
const UNIT_COLUMNS = ['kommunenummer', 'gardsnummer', 'bruksnummer', 'festenummer', 'seksjonsnummer', 'bruksenhetsnummer'] as const;

const TRUE = new Set(['ja', 'true', '1']);
const FALSE = new Set(['nei', 'false', '0']);

/**
 * Reads one row into an opening-balance entry, collecting every error of the row rather than the
 * first. The values are checked by the Dwelling decider itself (RegisterDwelling, then
 * RecordRentalHousingGrant on the state it leads to, decided on an empty stream: pure), so a row
 * meets exactly the rules and codes a registration over the API meets. The decider stops at the
 * first fault; each time it does, the fault is recorded, a known-good stand-in replaces the value
 * and the row is decided again, until it passes. Only what the CSV form itself adds is checked
 * here: empty required cells, ja/nei, decimal comma, the grant columns as a trio, the dwelling id.
 * `recordedOn` is the day the import runs: a registered_on after it is refused, as over the API.
 */
export function readOpeningBalanceRow(columns: ColumnIndex, record: CsvRecord, recordedOn?: string): RowReading {
  const reading = readRow(columns, record, recordedOn);
  // Reported in the order of the columns in the file, as a reader goes through the row.
  const order = (column: string | null) =>
    column === null
      ? -1
      : (columns.positions.get(column as OpeningBalanceColumnName) ?? columns.width + OPENING_BALANCE_COLUMNS.findIndex((c) => c.name === column));
  reading.errors.sort((a, b) => order(a.column) - order(b.column));
  return reading;
}

function readRow(columns: ColumnIndex, record: CsvRecord, recordedOn: string | undefined): RowReading {
  const reading: RowReading = {
    line: record.line,
    entry: null,
    dwellingId: null,
    unit: null,
    unitText: null,
    explicitDwellingId: false,
    givenDwellingId: null,
    errors: [],
  };
  const faulty = new Set<string>();
  const fail = (column: OpeningBalanceColumnName | null, rule: string, code: string) => {
    reading.errors.push({ line: record.line, column, rule, code });
    if (column !== null) faulty.add(column);
  };

  // Strict: a value with an unquoted delimiter shifts every value after it, often into a column
  // that happens to be empty, so a row with extra (even empty) fields cannot be trusted.
  if (record.fields.length !== columns.width) {
    fail(
      null,
      `has ${record.fields.length} fields, but the header has ${columns.width}; a value holding the delimiter or a line break must be quoted`,
      'WRONG_FIELD_COUNT',
    );
    return reading;
  }
  const cell = (name: OpeningBalanceColumnName): string => {
    const position = columns.positions.get(name);
    return position === undefined ? '' : record.fields[position]!.trim();
  };

  for (const column of OPENING_BALANCE_COLUMNS) {
    if (column.required && cell(column.name) === '') fail(column.name, 'must not be empty', 'FIELD_REQUIRED');
  }
  const flag = (name: OpeningBalanceColumnName): boolean | undefined => {
    const text = cell(name).toLowerCase();
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
    if (text !== '') fail(name, 'must be ja or nei (also accepted: true/false, 1/0)', 'INVALID_OPTION');
    return undefined;
  };

  const givenId = cell('dwelling_id');
  reading.explicitDwellingId = givenId !== '';
  if (givenId !== '' && !isUuid(givenId)) {
    fail('dwelling_id', "must be a UUID, e.g. '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11', or left empty", 'INVALID_FIELD');
  } else if (givenId !== '') {
    reading.givenDwellingId = givenId.toLowerCase();
  }
  const command = {
    type: 'RegisterDwelling',
    dwellingId: reading.givenDwellingId ?? STAND_IN_ID,
    matrikkel: {
      kommunenummer: cell('kommunenummer'),
      gardsnummer: wholeNumber(cell('gardsnummer')),
      bruksnummer: wholeNumber(cell('bruksnummer')),
      festenummer: noneIfZero(cell('festenummer')),
      seksjonsnummer: noneIfZero(cell('seksjonsnummer')),
    },
    bruksenhetsnummer: cell('bruksenhetsnummer').toUpperCase(),
    address: { street: cell('street'), postalCode: cell('postal_code'), postalTown: cell('postal_town') },
    district: cell('district'),
    dwellingType: option(cell('dwelling_type')),
    rooms: wholeNumber(cell('rooms')),
    bedrooms: wholeNumber(cell('bedrooms')),
    primaryAreaM2: decimal(cell('primary_area_m2')),
    floor: wholeNumber(cell('floor')),
    wheelchairAccessible: flag('wheelchair_accessible'),
    universallyDesigned: flag('universally_designed'),
    sharedLiving: flag('shared_living'),
    rentToOwnPotential: flag('rent_to_own_potential'),
    ownership: option(cell('ownership')),
    leaseInEndDate: cell('lease_in_end_date') || null,
    registeredOn: cell('registered_on'),
    ...(recordedOn === undefined ? {} : { recordedOn }),
  } as unknown as RegisterDwelling;

  // Faults found above are already reported: give those fields stand-ins before the decider looks.
  for (const column of OPENING_BALANCE_COLUMNS) {
    if (faulty.has(column.name) && !column.field.startsWith('grant.')) standIn(command, column.field);
  }
  const registered = decideCollecting(command, initialState, fail, faulty);
  if (registered === null) return reading;
  const event = registered[0] as DwellingRegistered;
  if (UNIT_COLUMNS.every((c) => !faulty.has(c))) {
    reading.unit = unitName(event.data.matrikkel, event.data.bruksenhetsnummer);
    reading.unitText = `${formatMatrikkel(event.data.matrikkel)} ${event.data.bruksenhetsnummer}`;
  }

  const grant = readGrant(cell, fail);
  if (grant !== null) {
    const afterRegistration = registered.reduce(dwellingDecider.evolve, initialState);
    const onFault: typeof fail = (column, rule, code) => {
      // A grant refused because of the ownership says nothing new when the ownership itself is at fault.
      if (code === 'DWELLING_LEASED_IN' && faulty.has('ownership')) return;
      fail(column ?? 'grant_amount', rule, code);
    };
    decideCollecting(grantCommand({ registration: command, grant }, grant), afterRegistration, onFault, faulty);
  }

  if (reading.errors.length === 0) {
    const dwellingId = reading.explicitDwellingId ? command.dwellingId : unitDwellingId(event.data.matrikkel, event.data.bruksenhetsnummer);
    reading.dwellingId = dwellingId;
    reading.entry = { registration: { ...command, dwellingId }, grant };
  }
  return reading;
}

/** The grant columns: all three empty (no grant), or all three filled. */
function readGrant(
  cell: (name: OpeningBalanceColumnName) => string,
  fail: (column: OpeningBalanceColumnName | null, rule: string, code: string) => void,
): RentalHousingGrant | null {
  const filled = GRANT_COLUMNS.filter((c) => cell(c) !== '');
  if (filled.length === 0) return null;
  if (filled.length < GRANT_COLUMNS.length) {
    for (const missing of GRANT_COLUMNS.filter((c) => !filled.includes(c))) {
      fail(missing, `must be filled when ${filled.join(' and ')} ${filled.length === 1 ? 'is' : 'are'} given: give all three grant columns, or none`, 'FIELD_REQUIRED');
    }
    return null;
  }
  return {
    amount: kroner(cell('grant_amount')),
    grantDate: cell('grant_date'),
    writeDownYears: wholeNumber(cell('grant_write_down_years')),
  } as unknown as RentalHousingGrant;
}

/**
 * Decides the command on `state`; on each refusal naming a field that has a stand-in, reports it
 * (unless its column is already reported), puts the stand-in in and decides again. Returns the
 * events once the command passes, or null when a refusal cannot be worked around.
 */
function decideCollecting<C extends { type: string }>(
  command: C,
  state: DwellingState,
  fail: (column: OpeningBalanceColumnName | null, rule: string, code: string) => void,
  faulty: Set<string>,
): DwellingEvent[] | null {
  const replaced = new Set<string>();
  for (;;) {
    try {
      return dwellingDecider.decide(command as never, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const column = columnOfField(error.field);
      if (column === null || !faulty.has(column)) fail(column, ruleOf(error), error.code);
      if (error.field === undefined || !(error.field in STAND_INS) || replaced.has(error.field)) return null;
      replaced.add(error.field);
      standIn(command, error.field);
    }
  }
}

/** The rule alone: a ValidationError's message is '<field>: <rule>'. */
function ruleOf(error: DomainError): string {
  const prefix = `${error.field}: `;
  return error.field !== undefined && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

const STAND_IN_ID = '00000000-0000-8000-8000-000000000000';
const STAND_IN_DATE = '2000-01-01';

type Mutable = Record<string, any>;

/**
 * Values that always pass their own rule and never cause a fault in another field: 20 rooms
 * admit any valid number of bedrooms; the ownership agrees with whether a lease-in end date is given.
 */
const STAND_INS: Record<string, (c: Mutable) => void> = {
  dwellingId: (c) => (c.dwellingId = STAND_IN_ID),
  'matrikkel.kommunenummer': (c) => (c.matrikkel.kommunenummer = '0301'),
  'matrikkel.gardsnummer': (c) => (c.matrikkel.gardsnummer = 1),
  'matrikkel.bruksnummer': (c) => (c.matrikkel.bruksnummer = 1),
  'matrikkel.festenummer': (c) => (c.matrikkel.festenummer = null),
  'matrikkel.seksjonsnummer': (c) => (c.matrikkel.seksjonsnummer = null),
  bruksenhetsnummer: (c) => (c.bruksenhetsnummer = 'H0101'),
  'address.street': (c) => (c.address.street = '-'),
  'address.postalCode': (c) => (c.address.postalCode = '0001'),
  'address.postalTown': (c) => (c.address.postalTown = '-'),
  district: (c) => (c.district = '-'),
  dwellingType: (c) => (c.dwellingType = 'ordinary'),
  rooms: (c) => (c.rooms = 20),
  bedrooms: (c) => (c.bedrooms = 0),
  primaryAreaM2: (c) => (c.primaryAreaM2 = 1),
  floor: (c) => (c.floor = 0),
  wheelchairAccessible: (c) => (c.wheelchairAccessible = false),
  universallyDesigned: (c) => (c.universallyDesigned = false),
  sharedLiving: (c) => (c.sharedLiving = false),
  rentToOwnPotential: (c) => (c.rentToOwnPotential = false),
  ownership: (c) => (c.ownership = c.leaseInEndDate === null || c.leaseInEndDate === undefined ? 'municipal' : 'leased-in'),
  leaseInEndDate: (c) => (c.leaseInEndDate = c.ownership === 'leased-in' ? STAND_IN_DATE : null),
  registeredOn: (c) => (c.registeredOn = STAND_IN_DATE),
  'grant.amount': (c) => (c.grant.amount = 1),
  'grant.grantDate': (c) => (c.grant.grantDate = STAND_IN_DATE),
  'grant.writeDownYears': (c) => (c.grant.writeDownYears = 30),
};

function standIn(command: unknown, field: string): void {
  STAND_INS[field]?.(command as Mutable);
}

/** A whole number as text becomes a number; anything else stays text, for the decider to refuse with its rule. */
function wholeNumber(text: string): number | string | undefined {
  if (text === '') return undefined;
  return /^[+-]?\d+$/.test(text) ? Number(text) : text;
}

/** Festenummer and seksjonsnummer: empty or 0 means the property has none (as in the matrikkel text form). */
function noneIfZero(text: string): number | string | null {
  const value = wholeNumber(text);
  return value === undefined || value === 0 ? null : value;
}

/** A decimal number with a comma (Norwegian) or a point. */
function decimal(text: string): number | string | undefined {
  if (text === '') return undefined;
  return /^\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
}

/** Whole kroner, allowing spaces between thousands as Norwegian spreadsheets write them: '1 200 000'. */
function kroner(text: string): number | string {
  const compact = text.replace(/[ \u00a0\u202f]/g, '');
  return /^\d{1,3}(?:[ \u00a0\u202f]\d{3})*$/.test(text) || /^\d+$/.test(text) ? Number(compact) : text;
}

/** Options are written in lower case with hyphens; the API's spelling (CARE_WITH_STAFF_BASE) is accepted too. */
function option(text: string): string | undefined {
  return text === '' ? undefined : text.toLowerCase().replace(/_/g, '-');
}
