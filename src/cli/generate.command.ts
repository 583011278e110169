import type { Command } from 'commander';
import { generateHistory, type GenerationResult } from '../generator/generate-history.js';
import { PROFILE_NAMES, type ProfileName } from '../generator/generator-profile.js';
import type { Runtime } from '../runtime/runtime.js';
import { progressBar, type Progress } from './progress.js';
import { withRuntime } from './with-runtime.js';

export interface GenerateCliOptions {
  profile: string;
  years: string;
  seed: string;
  endYear?: string;
  json?: boolean;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('write a realistic, deterministic history (dwellings, applications, decisions, waiting list, offers, tenancies) through the real deciders')
    .option('--profile <name>', `size and rates: ${PROFILE_NAMES.join(' | ')}`, 'kristiansund')
    .option('--years <n>', 'years of history', '5')
    .option('--seed <text>', 'the same seed gives the same events', '1')
    .option('--end-year <year>', 'the last year of the history', '2025')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nSee README.md for the profiles and rates. Run it on an empty database: it adds a whole portfolio.')
    .action(async (options: GenerateCliOptions) => {
      // Bad options are refused before the database is opened.
      try {
        parseGenerateOptions(options);
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      await withRuntime(async (runtime) => {
        const result = await generateFromCli(runtime, options);
        console.log(options.json ? JSON.stringify(result, null, 2) : summary(result));
      });
    });
}

/** The options checked, each refusal naming the option and its rule. */
export function parseGenerateOptions(options: GenerateCliOptions): { profile: ProfileName; years: number; endYear: number } {
  if (!(PROFILE_NAMES as readonly string[]).includes(options.profile)) {
    throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')} (got '${options.profile}')`);
  }
  const years = Number(options.years);
  const endYear = Number(options.endYear ?? '2025');
  if (!/^\d+$/.test(options.years) || years < 1 || years > 50) throw new Error(`--years must be a whole number from 1 to 50 (got '${options.years}')`);
  if (!/^\d{4}$/.test(options.endYear ?? '2025') || endYear < 1990 || endYear > 2100) {
    throw new Error(`--end-year must be a year from 1990 to 2100 (got '${options.endYear}')`);
  }
  return { profile: options.profile as ProfileName, years, endYear };
}

/** Validates the options, generates with a progress bar, then lets the read models catch up. */
export async function generateFromCli(runtime: Runtime, options: GenerateCliOptions): Promise<GenerationResult> {
  const { profile, years, endYear } = parseGenerateOptions(options);
  let bar: Progress | undefined;
  let result: GenerationResult;
  try {
    result = await generateHistory(runtime.store, {
      profile,
      years,
      seed: options.seed,
      endYear,
      onProgress: ({ week, weeks }) => {
        bar ??= progressBar(`generating ${options.profile} (${years} years, weeks)`, weeks);
        bar.update(week, weeks);
      },
    });
  } finally {
    bar?.stop();
  }
  // The read models are brought up to date here, so the service starts with them ready.
  const catchUp = progressBar('updating read models', result.events);
  const head = await lastWrittenPosition(runtime);
  await runtime.runner.start();
  // One count of the events the slowest read model has still to apply, every 2 s (not runner.status(), which counts per projection).
  const counter = setInterval(async () => {
    const { rows } = await runtime.pool
      .query<{ behind: number }>(
        `SELECT count(*)::int AS behind FROM events WHERE position > (SELECT coalesce(min(position), 0) FROM projection_generations WHERE status IN ('live', 'building'))`,
      )
      .catch(() => ({ rows: [] as Array<{ behind: number }> }));
    if (rows[0] && runtime.store.adapterName === 'postgres') catchUp.update(Math.max(0, result.events - rows[0].behind), result.events);
  }, 2000);
  try {
    await runtime.runner.waitForPosition(head, 6 * 60 * 60 * 1000);
  } finally {
    clearInterval(counter);
    catchUp.update(result.events, result.events);
    catchUp.stop();
    await runtime.runner.stop();
  }
  return result;
}

function summary(r: GenerationResult): string {
  const c = r.counts;
  const decided = (c.applicationsApproved ?? 0) + (c.applicationsRefused ?? 0);
  return [
    `generated ${r.profile} (seed ${r.seed}): ${r.from} to ${r.to}, ${r.municipalities} municipalit${r.municipalities === 1 ? 'y' : 'ies'}`,
    `  events:        ${r.events} in ${r.seconds} s (${r.eventsPerSec}/s)`,
    `  dwellings:     ${r.dwellingsAtStart} at the start, ${r.dwellingsAtEnd} at the end (acquired ${c.dwellingsAcquired ?? 0}, sold ${c.dwellingsSold ?? 0}, bought by tenants ${c.tenantPurchases ?? 0})`,
    `  applications:  ${(c.newApplications ?? 0) + (c.swapApplications ?? 0)} (refused ${c.applicationsRefused ?? 0} of ${decided} decided, appeals ${c.appeals ?? 0})`,
    `  allocation:    ${c.committeeMeetings ?? 0} committee meetings, ${c.offers ?? 0} offers, ${c.householdsHoused ?? 0} households housed`,
    `  leases:        ${c.leasesSigned ?? 0} signed (${c['leasesSigned:short-term'] ?? 0} short-term, ${c['leasesSigned:temporary-housing'] ?? 0} temporary housing), ${c.leasesRenewed ?? 0} renewed, ${c.rentAdjustments ?? 0} rent adjustments`,
    `  ended:         ${c.tenanciesEnded ?? 0} moved out (${c['noticesGiven:tenant'] ?? 0} notices from tenants), ${c.evictions ?? 0} evictions (${c['noticesGiven:landlord'] ?? 0} notices from the landlord), ${c.deaths ?? 0} deaths, ${c.swapMoves ?? 0} transfers`,
    `  ownership:     ${(c['transitionsStarted:buy-rented-dwelling'] ?? 0) + (c['transitionsStarted:buy-on-market'] ?? 0)} transitions started; ${c.tenantPurchases ?? 0} bought their dwelling, ${c.marketPurchases ?? 0} bought on the market, ${c.transitionsAbandoned ?? 0} abandoned, ${(c['transitionPlansChanged:buy-rented-dwelling'] ?? 0) + (c['transitionPlansChanged:buy-on-market'] ?? 0)} changed plan; ${c.startlanGranted ?? 0} startlån granted, ${c.startlanReported ?? 0} reported to Husbanken`,
  ].join('\n');
}

/**
 * The position of the last event written. On PostgreSQL it is read from the log itself: the store's
 * visible head can lag behind while another session holds an old transaction open.
 */
async function lastWrittenPosition(runtime: Runtime): Promise<bigint> {
  if (runtime.store.adapterName !== 'postgres') return runtime.store.headPosition();
  const { rows } = await runtime.pool.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events');
  return BigInt(rows[0]!.p ?? '0');
}
