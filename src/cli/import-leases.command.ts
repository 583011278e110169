import { basename } from 'node:path';
import type { Command } from 'commander';
import { importLeases, type ImportLeasesResult } from '../leases/import-leases/import-leases.js';
import { LEASE_IMPORT_COLUMNS } from '../leases/import-leases/lease-import-columns.js';
import { formatRowError } from '../portfolio/import-dwellings/row-error.js';
import type { Runtime } from '../runtime/runtime.js';
import { cliContext, readCsvFile } from './import.command.js';
import { progressBar, type Progress } from './progress.js';
import { withRuntime } from './with-runtime.js';

export interface ImportLeasesCliOptions {
  validRowsOnly?: boolean;
  json?: boolean;
}

/** `boligbok import leases FILE.csv`: running leases as opening balance, with the dwelling import's rules. */
export function registerImportLeasesCommand(imports: Command): void {
  imports
    .command('leases <file>')
    .description('record running leases (opening balance) from a CSV file, one lease per row; import the dwellings first')
    .option('--valid-rows-only', 'write the valid rows even when other rows have errors (default: nothing is written if any row has one)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', columnHelp())
    .action(async (file: string, options: ImportLeasesCliOptions) => {
      let csv: string;
      try {
        csv = await readCsvFile(file);
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      await withRuntime(async (runtime) => {
        process.exitCode = await importLeasesFromCli(runtime, file, csv, options);
      });
    });
}

/** Runs the import and prints what it did; exit code 1 when it was refused (nothing written), else 0. */
export async function importLeasesFromCli(
  runtime: Runtime,
  file: string,
  csv: string,
  options: ImportLeasesCliOptions,
  out: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  let bar: Progress | undefined;
  let result: ImportLeasesResult;
  try {
    result = await importLeases(runtime.store, runtime.config, csv, {
      validRowsOnly: options.validRowsOnly ?? false,
      context: cliContext(),
      importReference: basename(file),
      onProgress: (done, total) => {
        bar ??= progressBar('importing leases', total);
        bar.update(done, total);
      },
    });
  } finally {
    bar?.stop();
  }
  if (options.json) {
    const { rejected, position, ...counts } = result;
    out(JSON.stringify({ file, ...counts, rowErrors: rejected, position: position?.toString() ?? null }, null, 2));
  } else {
    for (const error of result.rejected) out(formatRowError(error));
    const lines = [
      `${file}: ${result.rows} row${result.rows === 1 ? '' : 's'}`,
      `  imported:        ${result.imported}`,
      `  already present: ${result.alreadyPresent}`,
      `  rejected:        ${result.rejectedRows}`,
    ];
    if (!result.written) {
      const valid = result.rows - result.rejectedRows;
      lines.push(
        valid > 0
          ? `Nothing was written: ${result.rejectedRows} of ${result.rows} rows have errors. Correct them and import again, or use --valid-rows-only to write the ${valid} valid row${valid === 1 ? '' : 's'}.`
          : 'Nothing was written (see the errors above).',
      );
    } else if (result.rejectedRows > 0) {
      lines.push(`The ${result.rejectedRows} row${result.rejectedRows === 1 ? '' : 's'} with errors were left out; import them again once corrected.`);
    }
    if (result.position !== null) lines.push(`Last event written at log position ${result.position}.`);
    out(lines.join('\n'));
  }
  return result.written ? 0 : 1;
}

function columnHelp(): string {
  return [
    '',
    'The file is UTF-8 CSV with a header row, delimited by ; or , (decided from the header). Columns:',
    ...LEASE_IMPORT_COLUMNS.map((c) => `  ${c.name.padEnd(22)} ${c.required ? 'required' : 'optional'}  ${c.format}`),
    '',
    'Exit code 1 when rows were rejected and nothing was written; 0 otherwise.',
    'Importing the same file again writes nothing new (rows are counted as already present).',
  ].join('\n');
}
