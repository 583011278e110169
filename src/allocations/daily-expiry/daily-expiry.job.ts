import type { CommandBus } from '@nestjs/cqrs';
import { Cron } from 'croner';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ExpireApprovalsMessage } from '../../applications/expire-approvals/expire-approvals.message.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { Logger } from '../../observability/logger.js';
import { ExpireOffersMessage } from '../answer-offer/answer-offer.message.js';

export interface DailyExpirySchedule {
  /** Cron expression; null = the job is off. */
  cron: string | null;
  /** The time zone of the schedule and of the day the job records (the municipality's calendar). */
  timezone: string;
}

export type DailyExpiryOutcome =
  /** `position`: of the last event written (null: none), for a read that should see them (`atLeast`). */
  | { status: 'ran'; day: string; offersExpired: string[]; approvalsExpired: string[]; position: string | null }
  | { status: 'skipped-locked'; day: string };

export const EXPIRY_ACTOR = 'scheduler:daily-expiry';

type Expired = { expired: string[]; position: bigint | null };

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
 * Every process runs the timer; a run takes an advisory lock first, so two processes do not run it
 * together (the commands would refuse the second expiry of the same thing anyway).
 */
export class DailyExpiryJob {
  private cron: Cron | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly commands: CommandBus,
    private readonly logger: Logger,
    private readonly schedule: DailyExpirySchedule,
  ) {}

  start(): void {
    if (this.schedule.cron === null) {
      this.logger.info('the daily expiry of lapsed approvals and unanswered offers is off (EXPIRY_SCHEDULE=off); run expireApprovals / expireOffers instead');
      return;
    }
    this.cron = new Cron(this.schedule.cron, { timezone: this.schedule.timezone, protect: true }, () => {
      this.running = this.runOnce(new Date()).catch((error: unknown) =>
        this.logger.error({ err: error }, 'the daily expiry failed; it runs again at the next scheduled time (or call expireOffers / expireApprovals)'),
      );
    });
    this.logger.info({ schedule: this.schedule.cron, timezone: this.schedule.timezone, nextRun: this.cron.nextRun()?.toISOString() ?? null }, 'daily expiry scheduled');
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = undefined;
    await this.running;
  }

  /** Records every expiry due on the day `now` falls on in the schedule's time zone. */
  async runOnce(now: Date): Promise<DailyExpiryOutcome> {
    const day = dayIn(now, this.schedule.timezone);
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext(current_schema() || $1)) AS ok', [LOCK_KEY]);
      if (!rows[0]?.ok) {
        this.logger.info({ day }, 'the daily expiry is being run by another process');
        return { status: 'skipped-locked', day };
      }
      try {
        const context: CommandContext = { actor: EXPIRY_ACTOR, role: 'system', correlationId: uuidv7(), occurredAt: `${day}T00:00:00.000Z` };
        // Offers first: a household back from an expired offer is on the list again before approvals are looked at.
        const offers: Expired = await this.commands.execute(new ExpireOffersMessage(day, context));
        const approvals: Expired = await this.commands.execute(new ExpireApprovalsMessage(day, context));
        const position = (approvals.position ?? offers.position)?.toString() ?? null;
        this.logger.info(
          { day, offersExpired: offers.expired.length, approvalsExpired: approvals.expired.length, position, correlationId: context.correlationId },
          `daily expiry for ${day}: ${offers.expired.length} offer(s) and ${approvals.expired.length} approval(s) recorded as expired`,
        );
        return { status: 'ran', day, offersExpired: offers.expired, approvalsExpired: approvals.expired, position };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext(current_schema() || $1))', [LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
