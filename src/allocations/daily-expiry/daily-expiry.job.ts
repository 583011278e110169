import type { CommandBus } from '@nestjs/cqrs';
import { Cron } from 'croner';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ExpireApprovalsMessage } from '../../applications/expire-approvals/expire-approvals.message.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import { withTryAdvisoryLock } from '../../database/try-advisory-lock.js';
import type { Logger } from '../../observability/logger.js';
import { itemFailure, type ItemFailure } from '../../command-handling/item-failure.js';
import { ExpireOffersMessage } from '../answer-offer/answer-offer.message.js';

export interface DailyExpirySchedule {
  /** Cron expression; null = the job is off. */
  cron: string | null;
  /** The time zone of the schedule and of the day the job records (the municipality's calendar). */
  timezone: string;
}

export type DailyExpiryOutcome =
  /**
   * `position`: of the last event written (null: none), for a read that should see them (`atLeast`).
   * `failed`: items refused or failed, and steps that could not run at all (id 'offers' / 'approvals').
   */
  | { status: 'ran'; day: string; offersExpired: string[]; approvalsExpired: string[]; failed: ItemFailure[]; position: string | null }
  | { status: 'skipped-locked'; day: string };

/** A run with failures is tried again this much later (the expiries it did record are kept). */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

export const EXPIRY_ACTOR = 'scheduler:daily-expiry';

type Expired = { expired: string[]; failed: ItemFailure[]; position: bigint | null };

/** Only the process holding this lock runs the expiries; the others skip the run. */
const LOCK_KEY = ':boligbok:daily-expiry';

/**
 * Records what lapsed by the calendar (by default at 01:00 every day, Oslo time): first offers
 * whose answer deadline has passed (the households return to the list, the dwellings are freed),
 * then approvals whose validity has run out. Each event is dated the day it lapsed, so a run that
 * comes late (the service was down, the job off) records the same history as one on time; the job
 * only keeps the list and the read models from showing lapsed things as open. The same commands
 * are open to callers as `expireOffers(asOf)` and `expireApprovals(asOf)`.
 *
 * Every process runs the timer, and one run at start (what lapsed while it was down); a run takes an
 * advisory lock first, so two processes do not run it together (the commands would refuse the
 * second expiry of the same thing anyway).
 */
export class DailyExpiryJob {
  private cron: Cron | undefined;
  private running: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    /** For the run's session lock only (Runtime.lockPool): the commands take their connections from the main pool. */
    private readonly lockPool: pg.Pool,
    private readonly commands: CommandBus,
    private readonly logger: Logger,
    private readonly schedule: DailyExpirySchedule,
  ) {}

  start(): void {
    if (this.schedule.cron === null) {
      this.logger.info('the daily expiry of lapsed approvals and unanswered offers is off (EXPIRY_SCHEDULE=off); run expireApprovals / expireOffers instead');
      return;
    }
    this.cron = new Cron(this.schedule.cron, { timezone: this.schedule.timezone, protect: true }, () => this.scheduledRun());
    this.logger.info({ schedule: this.schedule.cron, timezone: this.schedule.timezone, nextRun: this.cron.nextRun()?.toISOString() ?? null }, 'daily expiry scheduled');
    // A run at start as well: what lapsed while the service was down (or before a demo's history was
    // generated) is recorded now, not at the next scheduled time. Dated as it lapsed either way.
    void this.scheduledRun();
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = undefined;
    clearTimeout(this.retry);
    this.retry = undefined;
    await this.running;
  }

  /** A run from the timer (or its retry): failures are logged, and a run that had any is tried again in an hour. */
  private scheduledRun(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.running = this.runOnce(new Date()).then(
      (outcome) => {
        if (outcome.status === 'ran' && outcome.failed.length > 0) this.retryLater(`${outcome.failed.length} item(s) failed`);
      },
      (error: unknown) => {
        this.logger.error({ err: error }, 'the daily expiry failed');
        this.retryLater('the run failed');
      },
    );
    return this.running;
  }

  private retryLater(why: string): void {
    if (!this.cron) return; // stopped
    this.logger.warn({ retryInMinutes: RETRY_AFTER_FAILURE_MS / 60_000 }, `the daily expiry is tried again in ${RETRY_AFTER_FAILURE_MS / 60_000} minutes: ${why}`);
    this.retry = setTimeout(() => void this.scheduledRun(), RETRY_AFTER_FAILURE_MS);
    this.retry.unref();
  }

  /** Records every expiry due on the day `now` falls on in the schedule's time zone. */
  async runOnce(now: Date): Promise<DailyExpiryOutcome> {
    const day = dayIn(now, this.schedule.timezone);
    const run = await withTryAdvisoryLock(this.lockPool, LOCK_KEY, () => this.expire(day));
    if (run.locked) return run.value;
    this.logger.info({ day }, 'the daily expiry is being run by another process');
    return { status: 'skipped-locked', day };
  }

  private async expire(day: string): Promise<DailyExpiryOutcome> {
    const context: CommandContext = { actor: EXPIRY_ACTOR, role: 'system', correlationId: uuidv7(), occurredAt: `${day}T00:00:00.000Z` };
    // Offers first: a household back from an expired offer is on the list again before approvals
    // are looked at. A step that cannot run at all does not keep the other from running.
    const offers = await this.step('offers', () => this.commands.execute<ExpireOffersMessage, Expired>(new ExpireOffersMessage(day, context)));
    const approvals = await this.step('approvals', () => this.commands.execute<ExpireApprovalsMessage, Expired>(new ExpireApprovalsMessage(day, context)));
    const position = (approvals.position ?? offers.position)?.toString() ?? null;
    const failed = [...offers.failed, ...approvals.failed];
    this.logger[failed.length > 0 ? 'warn' : 'info'](
      { day, offersExpired: offers.expired.length, approvalsExpired: approvals.expired.length, failed: failed.length, position, correlationId: context.correlationId },
      `daily expiry for ${day}: ${offers.expired.length} offer(s) and ${approvals.expired.length} approval(s) recorded as expired` +
        (failed.length > 0 ? `, ${failed.length} failed` : ''),
    );
    return { status: 'ran', day, offersExpired: offers.expired, approvalsExpired: approvals.expired, failed, position };
  }

  /** A step's result, or a step that could not run reported as one failure (the error logged). */
  private async step(name: 'offers' | 'approvals', run: () => Promise<Expired>): Promise<Expired> {
    try {
      return await run();
    } catch (error) {
      return { expired: [], failed: [itemFailure(name, error, this.logger, 'the daily expiry of')], position: null };
    }
  }
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
