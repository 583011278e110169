import type { Command } from 'commander';
import { kostraReportCsv } from '../reporting/kostra-report.csv.js';
import { kostraReportsFor } from '../reporting/reporting.module.js';
import { reportingFactsProjection } from '../reporting/reporting-facts.projection.js';
import type { ComputedKostraReport } from '../reporting/kostra-reports.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import type { Runtime } from '../runtime/runtime.js';
import { cliContext } from './import.command.js';
import { withRuntime } from './with-runtime.js';

interface KostraOptions {
  year: string;
  format: string;
  position?: string;
  municipality?: string;
  store?: boolean;
}

/**
 * `boligbok report kostra` prints the report on stdout, exactly its bytes (JSON: the canonical
 * content, no final line feed, so `| sha256sum` gives the hash; CSV: the CSV text), and the position,
 * hash and any stored id on stderr. `report list` and `report show` read the stored reports.
 */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('annual reports to SSB (KOSTRA form 13) and Husbanken');

  report
    .command('kostra')
    .description('compute the KOSTRA form 13 report with the Husbanken section for a year (as of a log position)')
    .requiredOption('--year <year>', 'the reporting year, e.g. 2025')
    .option('--format <format>', 'json (canonical JSON, the hashed bytes) or csv', 'json')
    .option('--position <position>', 'compute as of this log position (default: the newest now)')
    .option('--municipality <kommunenummer>', "4 digits, e.g. 1505 (default: MUNICIPALITY_NUMBER, else the register's)")
    .option('--store', 'also store the report (kept and listed; the same year, municipality and position are stored once)')
    .action((options: KostraOptions) =>
      withRuntime(async (runtime) => {
        const format = requireFormat(options.format);
        const input = { year: parseYear(options.year), municipality: options.municipality ?? null, position: parsePosition(options.position) };
        await catchUp(runtime);
        try {
          const reports = kostraReportsFor(runtime);
          let computed: ComputedKostraReport;
          if (options.store) {
            const stored = await reports.generate(input, cliContext().actor);
            computed = stored;
            console.error(`${stored.alreadyStored ? 'already stored' : 'stored'} as ${stored.reportId}`);
          } else {
            computed = await reports.compute(input);
          }
          process.stdout.write(format === 'csv' ? kostraReportCsv(computed.report, computed.hash) : computed.content);
          console.error(`KOSTRA ${computed.report.year} ${computed.report.municipality} at position ${computed.report.position}: sha256 ${computed.hash}`);
        } finally {
          await runtime.runner.stop();
        }
      }),
    );

  report
    .command('list')
    .description('list stored reports, newest first')
    .option('--year <year>', 'only this year')
    .option('--municipality <kommunenummer>', 'only this municipality')
    .option('--json', 'print JSON lines')
    .action((options: { year?: string; municipality?: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const reports = kostraReportsFor(runtime);
        const { rows, total } = await reports.list({
          year: options.year === undefined ? null : parseYear(options.year),
          municipality: options.municipality ?? null,
          limit: 10_000,
        });
        for (const r of rows) {
          const line = { id: r.reportId, year: r.report.year, municipality: r.report.municipality, position: r.report.position, hash: r.hash, createdAt: r.createdAt.toISOString(), createdBy: r.createdBy };
          console.log(options.json ? JSON.stringify(line) : `${line.id}  ${line.year}  ${line.municipality}  position ${line.position}  ${line.createdAt}  ${line.createdBy}  sha256 ${line.hash}`);
        }
        if (!options.json) console.error(`${total} stored report(s)`);
      }),
    );

  report
    .command('show <reportId>')
    .description('print a stored report exactly as it was stored')
    .option('--format <format>', 'json or csv', 'json')
    .action((reportId: string, options: { format: string }) =>
      withRuntime(async (runtime) => {
        const format = requireFormat(options.format);
        const stored = await kostraReportsFor(runtime).get(reportId);
        process.stdout.write(format === 'csv' ? kostraReportCsv(stored.report, stored.hash) : stored.content);
        console.error(`stored ${stored.createdAt.toISOString()} by ${stored.createdBy}: sha256 ${stored.hash}`);
      }),
    );
}

/** Brings the reporting facts up to the log head here, or waits for the service that runs them. */
async function catchUp(runtime: Runtime): Promise<void> {
  await runtime.runner.start();
  await runtime.runner.waitForPosition(await runtime.store.headPosition(), 600_000, [reportingFactsProjection.name]);
}

function requireFormat(format: string): 'json' | 'csv' {
  if (format !== 'json' && format !== 'csv') throw new ValidationError('--format', `must be json or csv (got '${format}')`, 'INVALID_OPTION');
  return format;
}

function parseYear(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new ValidationError('--year', `must be a year such as 2025 (got '${raw}')`, 'INVALID_YEAR');
  return Number(raw);
}

function parsePosition(raw: string | undefined): bigint | null {
  if (raw === undefined) return null;
  if (!/^\d{1,19}$/.test(raw)) throw new ValidationError('--position', `must be a log position, a whole number (got '${raw}')`, 'INVALID_POSITION');
  return BigInt(raw);
}
