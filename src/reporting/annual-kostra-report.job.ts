import { Cron } from 'croner';
import type pg from 'pg';
import { withTryAdvisoryLock } from '../database/try-advisory-lock.js';
import type { Logger } from '../observability/logger.js';
import type { KostraReports } from './kostra-reports.js';

export interface AnnualReportSchedule {
  /** Cron expression; null = the job is off. */
  cron: string | null;
  timezone: string;
}

export type AnnualReportOutcome =
  | { status: 'stored'; reportId: string; year: number; municipality: string; position: string; hash: string }
  | { status: 'already-produced'; reportId: string; year: number; municipality: string }
  | { status: 'skipped-locked'; year: number }
  | { status: 'skipped-no-municipality'; year: number };

export const SCHEDULER_ACTOR = 'scheduler';

/** Only the process holding this lock produces the report; the others skip the run. */
const LOCK_KEY = ':boligbok:annual-kostra-report';

/**
 * Produces the previous year's KOSTRA report on a schedule (default 03:00 on 2 January, Oslo time)
 * and stores it. Every process of the service runs the timer, but a run first takes an advisory
 * lock and checks that the scheduler has not already stored that year's report, so the report is
 * produced once however many processes run. `runOnce(now)` takes the time as an argument, so the
 * job can be run (and tested) for any moment.
 */
export class AnnualKostraReportJob {
  private cron: Cron | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly reports: KostraReports,
    private readonly logger: Logger,
    private readonly schedule: AnnualReportSchedule,
  ) {}

  start(): void {
    if (this.schedule.cron === null) {
      this.logger.info('the yearly KOSTRA report is off (REPORT_SCHEDULE=off)');
      return;
    }
    // The callback returns the run, so `protect` skips a tick that comes while a run is still going.
    this.cron = new Cron(this.schedule.cron, { timezone: this.schedule.timezone, protect: true }, () => {
      const run = this.runOnce(new Date()).then(
        () => undefined,
        (error: unknown) =>
          this.logger.error({ err: error }, 'the yearly KOSTRA report failed; it runs again at the next scheduled time or by `boligbok report kostra --store`'),
      );
      this.running = run;
      return run;
    });
    this.logger.info({ schedule: this.schedule.cron, timezone: this.schedule.timezone, nextRun: this.nextRun()?.toISOString() ?? null }, 'yearly KOSTRA report scheduled');
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = undefined;
    await this.running;
  }

  /** The next scheduled run after `from` (default now); null when off. */
  nextRun(from?: Date): Date | null {
    if (this.schedule.cron === null) return null;
    return new Cron(this.schedule.cron, { timezone: this.schedule.timezone, paused: true }).nextRun(from ?? new Date());
  }

  /** Produces the report for the year before `now` (in the schedule's time zone). */
  async runOnce(now: Date): Promise<AnnualReportOutcome> {
    const year = yearIn(now, this.schedule.timezone) - 1;
    const run = await withTryAdvisoryLock(this.pool, LOCK_KEY, (client) => this.produce(client, year));
    if (run.locked) return run.value;
    this.logger.info({ year }, 'the yearly KOSTRA report is being produced by another process');
    return { status: 'skipped-locked', year };
  }

  private async produce(client: pg.PoolClient, year: number): Promise<AnnualReportOutcome> {
    const municipality = await this.reports.installationMunicipality();
    if (!municipality) {
      this.logger.warn({ year }, 'the yearly KOSTRA report was not produced: set MUNICIPALITY_NUMBER (the register has no dwellings to take it from)');
      return { status: 'skipped-no-municipality', year };
    }
    const { rows } = await client.query<{ report_id: string }>(
      `SELECT report_id FROM kostra_reports WHERE year = $1 AND municipality = $2 AND created_by = $3 ORDER BY report_id LIMIT 1`,
      [year, municipality, SCHEDULER_ACTOR],
    );
    if (rows[0]) {
      this.logger.info({ year, municipality, reportId: rows[0].report_id }, `the KOSTRA report for ${year} was already produced by the scheduler`);
      return { status: 'already-produced', reportId: rows[0].report_id, year, municipality };
    }
    const stored = await this.reports.generate({ year, municipality }, SCHEDULER_ACTOR);
    this.logger.info(
      { year, municipality, reportId: stored.reportId, hash: stored.hash, position: stored.report.position, table: 'kostra_reports' },
      `KOSTRA report for ${year} (${municipality}) stored as ${stored.reportId} in the table kostra_reports (query storedReport / \`boligbok report show ${stored.reportId}\`), sha256 ${stored.hash}`,
    );
    return { status: 'stored', reportId: stored.reportId, year, municipality, position: stored.report.position, hash: stored.hash };
  }
}

function yearIn(instant: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(instant));
}
