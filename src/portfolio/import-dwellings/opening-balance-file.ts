import { CsvFormatError, readCsv, type CsvDocument, type CsvRecord } from './csv-reader.js';
import { OPENING_BALANCE_COLUMNS, type OpeningBalanceColumnName } from './opening-balance-columns.js';
import type { OpeningBalanceEntry } from './opening-balance.decider.js';
import { readOpeningBalanceRow, type ColumnIndex, type RowReading } from './opening-balance-row.js';
import type { RowError } from './row-error.js';

/** A valid row, ready to be written. */
export interface OpeningBalanceRow {
  line: number;
  dwellingId: string;
  /** Whether the file gave the dwelling id (else it is derived from the unit). */
  explicitDwellingId: boolean;
  /** The unit's name (unit-dwelling-id.ts) and its text form for messages. */
  unit: string;
  unitText: string;
  entry: OpeningBalanceEntry;
}

/**
 * The whole file checked before anything is written. `fileErrors` are faults of the file as a
 * whole (not CSV, a missing or unknown column): with one, no row can be trusted and nothing is
 * written, whatever the caller asked. `rejected` lists every fault of every row.
 */
export interface OpeningBalanceFile {
  rows: OpeningBalanceRow[];
  rowCount: number;
  rejectedRows: number;
  rejected: RowError[];
  fileErrors: boolean;
}

/**
 * Parses and checks an opening-balance CSV: header, every row, and duplicates across rows.
 * `recordedOn`: the day of the import (a registered_on after it is a row error); left out, not compared.
 */
export function readOpeningBalanceFile(csv: string, recordedOn?: string): OpeningBalanceFile {
  let document: CsvDocument;
  try {
    document = readCsv(csv);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    return refusedFile([{ line: error.line, column: null, rule: error.rule, code: error.code }], 0);
  }
  const header = readHeader(document.header);
  if (header.errors.length > 0) return refusedFile(header.errors, document.records.length);

  const readings = document.records.map((record) => readOpeningBalanceRow(header.index, record, recordedOn));
  markDuplicates(readings);
  const rejected = readings.flatMap((r) => r.errors).sort((a, b) => a.line - b.line);
  const rows = readings
    .filter((r) => r.errors.length === 0 && r.entry !== null && r.dwellingId !== null)
    .map((r) => ({ line: r.line, dwellingId: r.dwellingId!, explicitDwellingId: r.explicitDwellingId, unit: r.unit!, unitText: r.unitText!, entry: r.entry! }));
  return {
    rows,
    rowCount: readings.length,
    rejectedRows: readings.length - rows.length,
    rejected,
    fileErrors: false,
  };
}

function refusedFile(errors: RowError[], rowCount: number): OpeningBalanceFile {
  return { rows: [], rowCount, rejectedRows: rowCount, rejected: errors, fileErrors: true };
}

const COLUMN_NAMES = new Set<string>(OPENING_BALANCE_COLUMNS.map((c) => c.name));

/**
 * Header names are matched without regard to case or surrounding spaces. Every required column
 * must be there; an unknown or repeated name is refused, because a misspelt optional column
 * (`grant_ammount`) would otherwise be ignored without a word. Empty names at the end of the
 * header (a trailing delimiter) are allowed.
 */
export function readHeader(header: CsvRecord): { index: ColumnIndex; errors: RowError[] } {
  const errors: RowError[] = [];
  const positions = new Map<OpeningBalanceColumnName, number>();
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const lastNamed = names.findLastIndex((n) => n !== '');
  names.forEach((name, position) => {
    if (name === '') {
      if (position < lastNamed) {
        errors.push({ line: header.line, column: null, rule: `column ${position + 1} of the header has no name`, code: 'UNNAMED_COLUMN' });
      }
    } else if (!COLUMN_NAMES.has(name)) {
      errors.push({
        line: header.line,
        column: header.fields[position]!.trim(),
        rule: 'is not a column of the opening balance; check the spelling against the column list (boligbok import dwellings --help, or the README)',
        code: 'UNKNOWN_COLUMN',
      });
    } else if (positions.has(name as OpeningBalanceColumnName)) {
      errors.push({ line: header.line, column: name, rule: 'appears more than once in the header', code: 'DUPLICATE_COLUMN' });
    } else {
      positions.set(name as OpeningBalanceColumnName, position);
    }
  });
  for (const column of OPENING_BALANCE_COLUMNS) {
    if (column.required && !positions.has(column.name)) {
      errors.push({ line: header.line, column: column.name, rule: 'is missing from the header; it is a required column', code: 'MISSING_COLUMN' });
    }
  }
  return { index: { positions, width: header.fields.length }, errors };
}

/**
 * One unit, one row: the same unit (matrikkel number and bruksenhetsnummer) on two rows, or the
 * same dwelling id on two rows, refuses all of those rows, since the file does not say which is right.
 * Rows are grouped on what their cells say, whatever else is wrong with them: a row with another
 * error still disputes the unit or the id, so its twin is not taken as the right one.
 */
function markDuplicates(readings: RowReading[]): void {
  const byUnit = groupBy(readings, (r) => r.unit);
  for (const group of byUnit.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      r.errors.push({
        line: r.line,
        column: 'bruksenhetsnummer',
        rule: `the same unit (${r.unitText}) is also on ${others(group, r)}; a unit may appear only once`,
        code: 'DUPLICATE_UNIT',
      });
    }
  }
  const byId = groupBy(readings, (r) => r.givenDwellingId);
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      r.errors.push({
        line: r.line,
        column: 'dwelling_id',
        rule: `the same dwelling id is also on ${others(group, r)}; each dwelling needs its own id`,
        code: 'DUPLICATE_DWELLING_ID',
      });
    }
  }
}

function groupBy(readings: RowReading[], key: (r: RowReading) => string | null): Map<string, RowReading[]> {
  const groups = new Map<string, RowReading[]>();
  for (const r of readings) {
    const k = key(r);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return groups;
}

function others(group: RowReading[], r: RowReading): string {
  const lines = group.filter((o) => o !== r).map((o) => o.line);
  return `line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`;
}
