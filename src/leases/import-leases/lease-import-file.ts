import { requireCalendarDate } from '../../portfolio/dwelling/calendar-date.js';
import { validateBruksenhetsnummer } from '../../portfolio/dwelling/bruksenhetsnummer.js';
import { validateMatrikkel } from '../../portfolio/dwelling/matrikkel.js';
import { CsvFormatError, readCsv, type CsvDocument } from '../../portfolio/import-dwellings/csv-reader.js';
import type { RowError } from '../../portfolio/import-dwellings/row-error.js';
import { unitDwellingId } from '../../portfolio/import-dwellings/unit-dwelling-id.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { isUuid } from '../../shared-kernel/uuid.js';
import type { Config } from '../../config/config.js';
import type { SignLease } from '../lease/lease.commands.js';
import { leaseDecider } from '../lease/lease.decider.js';
import type { ContractType, LeaseSecurity } from '../lease/lease-terms.js';
import { leaseIdForOpeningBalance } from '../lease-id.js';
import { defaultEndDate, LEASE_TERM_RULES } from '../lease-term-policy.js';
import { COLUMN_OF_FIELD, LEASE_IMPORT_COLUMNS, type LeaseImportColumn } from './lease-import-columns.js';

/** A row that passed every check of its own: the signing it becomes. */
export interface LeaseImportRow {
  line: number;
  command: SignLease;
}

export interface LeaseImportFile {
  rows: LeaseImportRow[];
  rowCount: number;
  rejectedRows: number;
  rejected: RowError[];
  /** A fault of the file as a whole (not CSV, a missing or unknown column): nothing is written. */
  fileErrors: boolean;
}

const NAMES = new Set<string>(LEASE_IMPORT_COLUMNS.map((c) => c.name));

/**
 * Parses and checks an opening-balance lease file before anything is read or written: the header,
 * every row against the Lease decider's rules (pure), and, across rows, one lease per dwelling and
 * one per household (at most one active lease each).
 */
export function readLeaseImportFile(csv: string, terms: Config['leaseTermMonths'], importReference: string): LeaseImportFile {
  let document: CsvDocument;
  try {
    document = readCsv(csv);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    return { rows: [], rowCount: 0, rejectedRows: 0, rejected: [{ line: error.line, column: null, rule: error.rule, code: error.code }], fileErrors: true };
  }
  const index = new Map<LeaseImportColumn, number>();
  const headerErrors: RowError[] = [];
  document.header.fields.forEach((raw, position) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    if (!NAMES.has(name)) headerErrors.push({ line: document.header.line, column: name, rule: `is not a column of a lease file (columns: ${[...NAMES].join(', ')})`, code: 'UNKNOWN_COLUMN' });
    else if (index.has(name as LeaseImportColumn)) headerErrors.push({ line: document.header.line, column: name, rule: 'appears twice in the header', code: 'DUPLICATE_COLUMN' });
    else index.set(name as LeaseImportColumn, position);
  });
  for (const column of LEASE_IMPORT_COLUMNS) {
    if (column.required && !index.has(column.name)) headerErrors.push({ line: document.header.line, column: column.name, rule: 'is a required column', code: 'MISSING_COLUMN' });
  }
  if (headerErrors.length > 0) return { rows: [], rowCount: document.records.length, rejectedRows: document.records.length, rejected: headerErrors, fileErrors: true };

  const rows: LeaseImportRow[] = [];
  const rejected: RowError[] = [];
  const rejectedLines = new Set<number>();
  const byDwelling = new Map<string, number>();
  const byHousehold = new Map<string, number>();
  for (const record of document.records) {
    const cell = (name: LeaseImportColumn): string => (index.has(name) ? (record.fields[index.get(name)!] ?? '').trim() : '');
    const fail = (column: LeaseImportColumn | null, rule: string, code: string) => {
      rejected.push({ line: record.line, column, rule, code });
      rejectedLines.add(record.line);
    };
    const command = readRow(cell, terms, importReference, fail);
    if (!command) continue;
    try {
      leaseDecider.decide(command, leaseDecider.initialState);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fail(error.field ? (COLUMN_OF_FIELD[error.field] ?? null) : null, error.message.replace(/^[\w.]+: /, ''), error.code);
      continue;
    }
    const dwellingLine = byDwelling.get(command.dwellingId);
    if (dwellingLine !== undefined) {
      fail('dwelling_id', `names the same dwelling as line ${dwellingLine}: a dwelling has at most one active lease`, 'DUPLICATE_DWELLING');
      continue;
    }
    const householdLine = byHousehold.get(command.householdId);
    if (householdLine !== undefined) {
      fail('household_id', `names the same household as line ${householdLine}: a household has at most one active lease`, 'DUPLICATE_HOUSEHOLD');
      continue;
    }
    byDwelling.set(command.dwellingId, record.line);
    byHousehold.set(command.householdId, record.line);
    rows.push({ line: record.line, command });
  }
  return { rows, rowCount: document.records.length, rejectedRows: rejectedLines.size, rejected, fileErrors: false };
}

function readRow(
  cell: (name: LeaseImportColumn) => string,
  terms: Config['leaseTermMonths'],
  importReference: string,
  fail: (column: LeaseImportColumn | null, rule: string, code: string) => void,
): SignLease | null {
  const errors = { count: 0 };
  const bad = (column: LeaseImportColumn, rule: string, code: string) => {
    errors.count++;
    fail(column, rule, code);
  };
  const uuid = (column: LeaseImportColumn, required: boolean): string | null => {
    const v = cell(column);
    if (v === '') {
      if (required) bad(column, 'is required', 'FIELD_REQUIRED');
      return null;
    }
    if (!isUuid(v)) {
      bad(column, 'must be a UUID', 'INVALID_ID');
      return null;
    }
    return v.toLowerCase();
  };
  const whole = (column: LeaseImportColumn, required: boolean): number | null => {
    const v = cell(column).replace(/\s/g, '');
    if (v === '') {
      if (required) bad(column, 'is required', 'FIELD_REQUIRED');
      return null;
    }
    if (!/^\d+$/.test(v)) {
      bad(column, 'must be a whole number of NOK, e.g. 9500', 'INVALID_AMOUNT');
      return null;
    }
    return Number(v);
  };

  let dwellingId = uuid('dwelling_id', false);
  if (dwellingId === null && cell('dwelling_id') === '') {
    try {
      const matrikkel = validateMatrikkel({
        kommunenummer: cell('kommunenummer'),
        gardsnummer: cell('gardsnummer') === '' ? (undefined as never) : Number(cell('gardsnummer')),
        bruksnummer: cell('bruksnummer') === '' ? (undefined as never) : Number(cell('bruksnummer')),
        festenummer: cell('festenummer') === '' ? null : Number(cell('festenummer')),
        seksjonsnummer: cell('seksjonsnummer') === '' ? null : Number(cell('seksjonsnummer')),
      });
      dwellingId = unitDwellingId(matrikkel, validateBruksenhetsnummer(cell('bruksenhetsnummer')));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const column = (error.field ?? '').replace(/^matrikkel\./, '') as LeaseImportColumn;
      bad(NAMES.has(column) ? column : 'dwelling_id', `${error.message.replace(/^[\w.]+: /, '')} (give dwelling_id, or the dwelling's unit)`, error.code);
    }
  }
  const householdId = uuid('household_id', true);
  const memberIds = cell('member_ids') === '' ? [] : cell('member_ids').split('|').map((s) => s.trim());
  memberIds.forEach((id) => {
    if (!isUuid(id)) bad('member_ids', `'${id}' is not a UUID; separate the ids by |`, 'INVALID_ID');
  });
  const monthlyRent = whole('monthly_rent', true);
  const securityKind = (cell('security_kind') || 'none').toLowerCase();
  const amount = whole('security_amount', securityKind === 'deposit' || securityKind === 'guarantee');
  const startDate = cell('start_date');
  let endDate: string | null = cell('end_date') || null;
  const contractType = cell('contract_type').toLowerCase() as ContractType;
  if (endDate === null) {
    try {
      endDate = defaultEndDate(contractType, requireCalendarDate(startDate, 'start_date'), terms);
    } catch {
      endDate = null; // start_date is reported by the decider
    }
  }
  const givenLeaseId = uuid('lease_id', false); // before the count: a bad lease_id rejects the row
  if (errors.count > 0 || dwellingId === null || householdId === null || monthlyRent === null) return null;
  // A cell the kind has no use for (an amount with none, a guarantor with a deposit) goes on to the
  // decider, which refuses it: it is never dropped.
  const security: LeaseSecurity =
    securityKind === 'guarantee'
      ? { kind: 'guarantee', amount: amount!, guarantor: cell('guarantor').toLowerCase() as never, reference: cell('guarantee_reference') || null }
      : ({
          kind: securityKind,
          ...(amount !== null && { amount }),
          ...(cell('guarantor') !== '' && { guarantor: cell('guarantor').toLowerCase() }),
          ...(cell('guarantee_reference') !== '' && { reference: cell('guarantee_reference') }),
        } as LeaseSecurity);
  const leaseId = givenLeaseId ?? leaseIdForOpeningBalance(dwellingId, startDate);
  return {
    type: 'SignLease',
    leaseId,
    householdId,
    memberIds: memberIds.map((m) => m.toLowerCase()),
    dwellingId,
    origin: { kind: 'opening-balance', importReference },
    contractType,
    signedOn: cell('signed_on'),
    startDate,
    endDate,
    termLegalBasis: cell('term_legal_basis') || null,
    monthlyRent,
    security,
    previousLeaseId: null,
    rules: LEASE_TERM_RULES,
    actor: 'import',
  };
}
