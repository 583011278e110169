/**
 * Arithmetic on ISO calendar dates 'YYYY-MM-DD' (see portfolio/dwelling/calendar-date.ts, whose
 * checks are used with these): a day in Norway, no time zone, no clock. Computed in UTC, where
 * every day has 24 hours, so no daylight-saving change shifts a result.
 * Kept beside the applications until the planned refactor moves calendar-date.ts to the shared
 * kernel; these functions belong there with it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/**
 * The same day of the month `months` months later. A day the later month does not have becomes
 * its last day: 31 January + 1 month is 28 (or 29) February.
 */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
}

/**
 * The last day of a term of `months` months that starts on `first`: the day before the same date
 * `months` later (1 January 2027 + 36 months: 31 December 2029). When the later month has no such
 * date, the term runs to that month's end (29 February 2028 + 36 months: 28 February 2031).
 */
export function lastDayOfTerm(first: string, months: number): string {
  const sameDate = addMonths(first, months);
  return sameDate.slice(8) === first.slice(8) ? addDays(sameDate, -1) : sameDate;
}

/** Whole days from `from` to `to`: 0 on the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}
