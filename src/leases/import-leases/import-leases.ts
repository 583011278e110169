import type { Config } from '../../config/config.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import type { RowError } from '../../portfolio/import-dwellings/row-error.js';
import { CommandExecutor } from '../../command-handling/command-executor.js';
import { householdTenancyDecider } from '../household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../household-tenancy-stream.js';
import { leaseDecider } from '../lease/lease.decider.js';
import { leaseStreamId } from '../lease-stream.js';
import { SignLeaseHandler } from '../sign-lease/sign-lease.handler.js';
import { readLeaseImportFile, type LeaseImportRow } from './lease-import-file.js';

export interface ImportLeasesOptions {
  /** Write the valid rows even when other rows have errors. Default: nothing is written if any row fails. */
  validRowsOnly: boolean;
  context: Omit<CommandContext, 'occurredAt' | 'causationId'>;
  /** Names the file in each LeaseSigned's origin. */
  importReference: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportLeasesResult {
  rows: number;
  imported: number;
  /** Rows whose lease was already recorded (an earlier import): nothing appended for them. */
  alreadyPresent: number;
  rejectedRows: number;
  rejected: RowError[];
  written: boolean;
  position: bigint | null;
}

/**
 * The opening-balance import of running leases (`boligbok import leases FILE.csv`), with the rules
 * of the dwelling import: the whole file is checked first (every row against the Lease decider, one
 * lease per dwelling and per household, and against the log: the dwelling is in the portfolio and
 * free, the household has no other active lease); with any error nothing is written, unless
 * `validRowsOnly`. Each row is then signed like any lease (household, dwelling let, lease; see
 * SignLeaseHandler), with ids derived from the dwelling and start date, so importing the same file
 * again, or again after an interruption, completes it without duplicates.
 */
export async function importLeases(
  store: EventStore,
  config: Pick<Config, 'leaseTermMonths' | 'commandRetries'>,
  csv: string,
  options: ImportLeasesOptions,
): Promise<ImportLeasesResult> {
  const file = readLeaseImportFile(csv, config.leaseTermMonths, options.importReference);
  const executor = new CommandExecutor(store, config.commandRetries);
  const toWrite: Array<{ row: LeaseImportRow; present: boolean }> = [];
  const rejected = [...file.rejected];
  let rejectedRows = file.rejectedRows;
  if (!file.fileErrors) {
    for (const row of file.rows) {
      const problem = await againstTheLog(executor, row);
      if (problem === 'present') toWrite.push({ row, present: true });
      else if (problem) {
        rejected.push(problem);
        rejectedRows++;
      } else toWrite.push({ row, present: false });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  const refused = file.fileErrors || (rejectedRows > 0 && (!options.validRowsOnly || toWrite.length === 0));
  const result: ImportLeasesResult = { rows: file.rowCount, imported: 0, alreadyPresent: 0, rejectedRows, rejected, written: !refused, position: null };
  if (refused) return result;

  const signing = new SignLeaseHandler(store, config);
  let done = 0;
  for (const { row, present } of toWrite) {
    const c = row.command;
    const signed = await signing.recordOpeningBalance(
      { leaseId: c.leaseId, householdId: c.householdId, memberIds: c.memberIds, dwellingId: c.dwellingId, importReference: options.importReference },
      { contractType: c.contractType, signedOn: c.signedOn, startDate: c.startDate, endDate: c.endDate, termLegalBasis: c.termLegalBasis, monthlyRent: c.monthlyRent, security: c.security },
      { ...options.context, occurredAt: `${c.signedOn}T00:00:00.000Z` },
    );
    if (present || signed.position === null) result.alreadyPresent++;
    else {
      result.imported++;
      if (result.position === null || signed.position > result.position) result.position = signed.position;
    }
    options.onProgress?.(++done, toWrite.length);
  }
  return result;
}

/** The row checked against what the log holds now: 'present' when this lease was imported before. */
async function againstTheLog(executor: CommandExecutor, row: LeaseImportRow): Promise<RowError | 'present' | null> {
  const c = row.command;
  const lease = await executor.load(leaseDecider, leaseStreamId(c.leaseId));
  if (lease.state.status !== 'none') {
    try {
      if (leaseDecider.decide(c, lease.state).length === 0) return 'present';
    } catch {
      // falls through: the lease id is taken by a lease with other terms
    }
    return { line: row.line, column: 'lease_id', rule: `lease ${c.leaseId} is already recorded with other terms`, code: 'LEASE_EXISTS' };
  }
  const dwelling = await executor.load(dwellingDecider, dwellingStreamId(c.dwellingId));
  if (dwelling.state.status === 'unregistered') {
    return { line: row.line, column: 'dwelling_id', rule: `dwelling ${c.dwellingId} is not in the portfolio; import the dwellings first`, code: 'DWELLING_NOT_FOUND' };
  }
  const letUnderIt = dwelling.state.status === 'let' && 'tenancy' in dwelling.state && dwelling.state.tenancy?.leaseId === c.leaseId;
  try {
    if (!letUnderIt) dwellingDecider.decide({ type: 'MarkLet', dwellingId: c.dwellingId, leaseId: c.leaseId, applicationId: null, letOn: c.startDate }, dwelling.state);
  } catch (error) {
    return { line: row.line, column: 'dwelling_id', rule: (error as Error).message, code: (error as { code?: string }).code ?? 'DWELLING_NOT_FREE' };
  }
  const household = await executor.load(householdTenancyDecider, householdTenancyStreamId(c.householdId));
  try {
    householdTenancyDecider.decide(
      { type: 'StartTenancy', householdId: c.householdId, leaseId: c.leaseId, dwellingId: c.dwellingId, startDate: c.startDate, previousLeaseId: null, actor: 'import' },
      household.state,
    );
  } catch (error) {
    return { line: row.line, column: 'household_id', rule: (error as Error).message, code: (error as { code?: string }).code ?? 'HOUSEHOLD_HAS_ACTIVE_LEASE' };
  }
  return null;
}
