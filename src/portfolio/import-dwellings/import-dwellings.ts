import type { CommandExecutor } from '../../command-handling/command-executor.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { DwellingDescription } from '../dwelling/dwelling-description.js';
import { formatMatrikkel } from '../dwelling/matrikkel.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { openingBalanceDecider, type OpeningBalanceEntry } from './opening-balance.decider.js';
import { readOpeningBalanceFile, type OpeningBalanceFile } from './opening-balance-file.js';
import type { RowError } from './row-error.js';
import { osloToday } from '../../graphql/oslo-date.js';
import { unitInPortfolio } from '../dwelling/dwelling.errors.js';
import { claimDwellingUnit, readUnitStanding, type FindDwellingsOfUnit } from '../unit-claim/claim-dwelling-unit.js';
import { unitOf } from '../unit-claim/dwelling-unit.js';
import { unitName } from './unit-dwelling-id.js';

export interface ImportDwellingsOptions {
  /** Write the valid rows even when other rows have errors. Default: nothing is written if any row fails. */
  validRowsOnly: boolean;
  /** Who imports: actor, role and correlation id go into every event's metadata. */
  context: Omit<CommandContext, 'occurredAt' | 'causationId'>;
  /** When each dwelling's events happened in the world. Default: its registered_on at 00:00Z. */
  occurredAt?: (entry: OpeningBalanceEntry) => string;
  /** Called after each row is written (or found already present): rows done, rows to write. */
  onProgress?: (done: number, total: number) => void;
  /** The day the import is recorded: a registered_on after it is a row error. Default: today in Norway. */
  recordedOn?: string;
  /**
   * Dwellings the read models know as a unit in the portfolio, for units with no claim yet
   * (registered before the claims began). Without it only the claims are consulted.
   */
  findDwellingsOfUnit?: FindDwellingsOfUnit;
}

export interface ImportDwellingsResult {
  /** Rows in the file (the header and blank lines not counted). */
  rows: number;
  /** Dwellings registered by this import. */
  imported: number;
  /** Rows whose dwelling was already in the log (an earlier import): nothing appended for them. */
  alreadyPresent: number;
  /** Rows refused, and every error of each. */
  rejectedRows: number;
  rejected: RowError[];
  /**
   * Whether the import went ahead. False when it was refused as a whole: a fault of the file, a
   * row error without validRowsOnly, or no valid row at all; nothing was written then.
   */
  written: boolean;
  /** Position of the last event this import wrote; null when it wrote nothing. */
  position: bigint | null;
}

export const registeredOnMidnight = (entry: OpeningBalanceEntry): string => `${entry.registration.registeredOn}T00:00:00.000Z`;

/**
 * The opening-balance import (inngående balanse): records a municipality's existing portfolio from
 * a CSV file, one dwelling per row.
 *
 * The whole file is checked first, every row against the Dwelling decider's rules (pure, nothing
 * read or written). If any row fails, nothing is written, unless `validRowsOnly`. Then each valid
 * row is written through the command executor as RegisterDwelling (+ RecordRentalHousingGrant) in
 * one append to the dwelling's stream, in file order. A dwelling already in the log appends
 * nothing, so importing the same file again (or again after an interruption) completes it without
 * duplicates: rows without a dwelling_id get an id derived from their unit (unit-dwelling-id.ts).
 */
export async function importDwellings(executor: CommandExecutor, csv: string, options: ImportDwellingsOptions): Promise<ImportDwellingsResult> {
  const read = readOpeningBalanceFile(csv, options.recordedOn ?? osloToday());
  const { file, unregistered } = await checkUnitsInPortfolio(executor, await checkGivenIds(executor, read), options.findDwellingsOfUnit);
  const refused = file.fileErrors || (file.rejected.length > 0 && (!options.validRowsOnly || file.rows.length === 0));
  const result: ImportDwellingsResult = {
    rows: file.rowCount,
    imported: 0,
    alreadyPresent: 0,
    rejectedRows: file.rejectedRows,
    rejected: file.rejected,
    written: !refused,
    position: null,
  };
  if (refused) return result;

  const occurredAt = options.occurredAt ?? registeredOnMidnight;
  let done = 0;
  for (const row of file.rows) {
    const context = { ...options.context, occurredAt: occurredAt(row.entry) };
    // A row whose dwelling had no events when checked takes its unit first (as registerDwelling
    // does): a unit registered meanwhile by someone else refuses the row here, before its events are
    // written. (Dwellings without a claim were looked for in the check; they are not new.)
    if (unregistered.has(row.line)) {
      const r = row.entry.registration;
      await claimDwellingUnit(executor, { unit: unitOf(r), dwellingId: row.dwellingId, claimedOn: r.registeredOn, field: 'bruksenhetsnummer' }, context);
    }
    const written = await executor.execute(openingBalanceDecider, dwellingStreamId(row.dwellingId), row.entry, context);
    if (written.events.length === 0) {
      result.alreadyPresent++;
    } else {
      result.imported++;
      if (written.position !== null && (result.position === null || written.position > result.position)) result.position = written.position;
    }
    options.onProgress?.(++done, file.rows.length);
  }
  return result;
}

/**
 * One unit, one dwelling in the portfolio: a row whose unit is already in the portfolio as another
 * dwelling (registered over the API, by the property company, or by an earlier file under other
 * ids) is a row error (DWELLING_EXISTS on bruksenhetsnummer naming that dwelling), found before
 * anything is written. A row whose own dwelling is already in the log is left to be "already present".
 */
async function checkUnitsInPortfolio(
  executor: CommandExecutor,
  file: OpeningBalanceFile,
  find?: FindDwellingsOfUnit,
): Promise<{ file: OpeningBalanceFile; unregistered: Set<number> }> {
  const conflicts: RowError[] = [];
  const unregistered = new Set<number>(); // lines whose dwelling has no events yet
  for (const row of file.rows) {
    const { revision } = await executor.load(openingBalanceDecider, dwellingStreamId(row.dwellingId));
    if (revision !== -1n) continue;
    unregistered.add(row.line);
    const { standing } = await readUnitStanding(executor, unitOf(row.entry.registration), row.dwellingId, find);
    if (standing === null) continue;
    const refusal = unitInPortfolio('bruksenhetsnummer', row.unitText, standing.dwellingId, standing.enteredPortfolioOn);
    conflicts.push({ line: row.line, column: 'bruksenhetsnummer', rule: refusal.message, code: refusal.code });
  }
  return { file: withConflicts(file, conflicts), unregistered };
}

function withConflicts(file: OpeningBalanceFile, conflicts: RowError[]): OpeningBalanceFile {
  if (conflicts.length === 0) return file;
  const conflicted = new Set(conflicts.map((c) => c.line));
  return {
    ...file,
    rows: file.rows.filter((r) => !conflicted.has(r.line)),
    rejectedRows: file.rejectedRows + conflicted.size,
    rejected: [...file.rejected, ...conflicts].sort((a, b) => a.line - b.line),
  };
}

/**
 * A dwelling_id given in the file that is already the id of another unit in the register would
 * otherwise be counted as "already present" and the row's unit silently left out. Compared with the
 * unit the dwelling entered the register as (its first event), so a later correction of its
 * matrikkel number does not make the same file fail on a second import. Ids derived from the unit
 * need no check: the id is the unit. Reads one stream per row with a given id, before anything is
 * written, so a conflict refuses the file like any other row error.
 */
async function checkGivenIds(executor: CommandExecutor, file: OpeningBalanceFile): Promise<OpeningBalanceFile> {
  const conflicts: RowError[] = [];
  for (const row of file.rows.filter((r) => r.explicitDwellingId)) {
    const { events } = await executor.load(openingBalanceDecider, dwellingStreamId(row.dwellingId));
    const entered = events[0]?.data as Partial<DwellingDescription> | undefined;
    if (!entered?.matrikkel || entered.bruksenhetsnummer === undefined) continue;
    if (unitName(entered.matrikkel, entered.bruksenhetsnummer) === row.unit) continue;
    conflicts.push({
      line: row.line,
      column: 'dwelling_id',
      rule: `is already the id of another dwelling in the register (${formatMatrikkel(entered.matrikkel)} ${entered.bruksenhetsnummer}), not of ${row.unitText}`,
      code: 'DWELLING_ID_IN_USE',
    });
  }
  return withConflicts(file, conflicts);
}
