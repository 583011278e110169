import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { CommandContext } from '../event-store/event-envelope.js';
import { importDwellings, type ImportDwellingsResult } from '../portfolio/import-dwellings/import-dwellings.js';
import { DwellingReadModel } from '../portfolio/dwelling-read-model.js';
import { OPENING_BALANCE_COLUMNS } from '../portfolio/import-dwellings/opening-balance-columns.js';
import { formatRowError } from '../portfolio/import-dwellings/row-error.js';
import type { Runtime } from '../runtime/runtime.js';
import { progressBar, type Progress } from './progress.js';
import { withRuntime } from './with-runtime.js';
import { registerImportLeasesCommand } from './import-leases.command.js';

export interface ImportDwellingsCliOptions {
  validRowsOnly?: boolean;
  json?: boolean;
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('record existing data as opening-balance events');

  imports
    .command('dwellings <file>')
    .description('record an existing portfolio (inngående balanse) from a CSV file, one dwelling per row')
    .option('--valid-rows-only', 'write the valid rows even when other rows have errors (default: nothing is written if any row has one)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', columnHelp())
    .action(async (file: string, options: ImportDwellingsCliOptions) => {
      let csv: string;
      try {
        csv = await readCsvFile(file);
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      await withRuntime(async (runtime) => {
        process.exitCode = await importDwellingsFromCli(runtime, file, csv, options);
      });
    });

  registerImportLeasesCommand(imports);
}

/** The file as text: UTF-8 (a byte order mark is allowed), refused with a hint when it is not. */
export async function readCsvFile(file: string): Promise<string> {
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file} is not UTF-8 text; in Excel, save it as "CSV UTF-8 (kommadelt)" and try again`);
  }
}

/**
 * Runs the import and prints what it did. Returns the exit code: 1 when the import was refused
 * (rows were rejected and nothing was written), 0 otherwise.
 */
export async function importDwellingsFromCli(
  runtime: Runtime,
  file: string,
  csv: string,
  options: ImportDwellingsCliOptions,
  out: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  let bar: Progress | undefined;
  let result: ImportDwellingsResult;
  try {
    result = await importDwellings(runtime.executor, csv, {
      validRowsOnly: options.validRowsOnly ?? false,
      context: cliContext(),
      // Dwellings registered before units were claimed are found through the read model, as far as it has come.
      findDwellingsOfUnit: (unit) => new DwellingReadModel(runtime.pool).idsInPortfolioAtUnit(unit),
      onProgress: (done, total) => {
        bar ??= progressBar('importing dwellings', total);
        bar.update(done, total);
      },
    });
  } finally {
    bar?.stop();
  }
  if (options.json) {
    // The same shape as the GraphQL payload (ImportDwellingsPayload), with the file's name.
    const { rejected, position, ...counts } = result;
    out(JSON.stringify({ file, ...counts, rowErrors: rejected, position: position?.toString() ?? null }, null, 2));
  } else {
    for (const error of result.rejected) out(formatRowError(error));
    out(summary(file, result, options));
  }
  return result.written ? 0 : 1;
}

/** Events record who imported: the operating-system user, acting as administrator of the register. */
export function cliContext(): Omit<CommandContext, 'occurredAt' | 'causationId'> {
  return { actor: `cli:${osUser()}`, role: 'admin', correlationId: randomUUID() };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

function summary(file: string, r: ImportDwellingsResult, options: ImportDwellingsCliOptions): string {
  const lines = [
    `${file}: ${r.rows} row${r.rows === 1 ? '' : 's'}`,
    `  imported:        ${r.imported}`,
    `  already present: ${r.alreadyPresent}`,
    `  rejected:        ${r.rejectedRows}`,
  ];
  if (!r.written) {
    const valid = r.rows - r.rejectedRows;
    lines.push(
      valid > 0
        ? `Nothing was written: ${r.rejectedRows} of ${r.rows} rows have errors. Correct them and import again, or use --valid-rows-only to write the ${valid} valid row${valid === 1 ? '' : 's'}.`
        : 'Nothing was written (see the errors above).',
    );
  } else if (r.rejectedRows > 0 && options.validRowsOnly) {
    lines.push(`The ${r.rejectedRows} row${r.rejectedRows === 1 ? '' : 's'} with errors were left out; import them again once corrected.`);
  }
  if (r.position !== null) lines.push(`Last event written at log position ${r.position}.`);
  return lines.join('\n');
}

function columnHelp(): string {
  const rows = OPENING_BALANCE_COLUMNS.map((c) => `  ${c.name.padEnd(24)} ${c.required ? 'required' : 'optional'}  ${c.format}`);
  return [
    '',
    'The file is UTF-8 CSV with a header row, delimited by ; or , (decided from the header). Columns:',
    ...rows,
    '',
    'Exit code 1 when rows were rejected and nothing was written; 0 otherwise.',
    'Importing the same file again writes nothing new (rows are counted as already present).',
  ].join('\n');
}
