import { addDays } from './calendar-arithmetic.js';

/**
 * Forvaltningsloven § 29: an enkeltvedtak may be appealed within 3 weeks of the day the party was
 * notified of it (§ 27). Fixed by law, not configuration. The deadline is the same weekday three
 * weeks later: notified Monday 20 January 2025, the last day to appeal is Monday 10 February 2025.
 *
 * Not applied here (open question): moving a deadline that ends on a Saturday, Sunday or public
 * holiday to the next working day, which needs a holiday calendar.
 */
export const APPEAL_PERIOD_DAYS = 21;

/** The last day an appeal is in time. */
export function appealDeadline(notifiedOn: string): string {
  return addDays(notifiedOn, APPEAL_PERIOD_DAYS);
}
