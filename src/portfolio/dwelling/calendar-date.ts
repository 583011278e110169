import { ValidationError } from '../../shared-kernel/domain-error.js';

/**
 * Dates travel as ISO calendar dates, 'YYYY-MM-DD': a day in Norway, no time zone, no clock.
 * Two such strings compare correctly as text, so `a < b` means "a is the earlier day".
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function requireCalendarDate(value: unknown, field: string): string {
  if (!isCalendarDate(value)) {
    throw new ValidationError(field, 'must be a calendar date written YYYY-MM-DD, e.g. 2025-06-15', 'INVALID_DATE');
  }
  return value;
}

/** The date of a later step of one episode (a renovation, a tenancy) cannot precede its start. */
export function requireNotBefore(date: string, field: string, earliest: string, what: string): string {
  if (date < earliest) {
    throw new ValidationError(field, `must not be before ${what} (${earliest})`, 'DATE_OUT_OF_ORDER');
  }
  return date;
}

/**
 * Whole years completed from `from` to `on`: a year is completed on the anniversary of `from`.
 * For 29 February the anniversary in a common year is 1 March (the year is not complete on 28 February).
 * Zero when `on` is before `from`.
 */
export function completedYears(from: string, on: string): number {
  if (on < from) return 0;
  const years = Number(on.slice(0, 4)) - Number(from.slice(0, 4));
  return on.slice(5) < from.slice(5) ? years - 1 : years;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
