import { addDays } from './calendar-arithmetic.js';
import { thisOrNextWorkingDay } from './working-days.js';

/**
 * Forvaltningsloven § 29: an enkeltvedtak may be appealed within 3 weeks of the day the party was
 * notified of it (§ 27). Fixed by law, not configuration. The deadline is the same weekday three
 * weeks later (notified Monday 20 January 2025, the last day to appeal is Monday 10 February 2025),
 * moved to the next working day when that day is a Saturday, Sunday or public holiday (working-days.ts):
 * notified Thursday 6 March 2025, the three weeks end on Thursday 27 March; notified Thursday
 * 27 March 2025, they end on skjærtorsdag 17 April and the last day is Tuesday 22 April.
 */
export const APPEAL_PERIOD_DAYS = 21;

/** The last day an appeal is in time. */
export function appealDeadline(notifiedOn: string): string {
  return thisOrNextWorkingDay(addDays(notifiedOn, APPEAL_PERIOD_DAYS));
}
