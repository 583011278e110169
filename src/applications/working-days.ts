import { addDays } from './calendar-arithmetic.js';

/**
 * Norwegian working days, for deadlines: a legal deadline whose last day is a Saturday, a Sunday,
 * a public holiday (lov om helligdager og helligdagsfred § 2) or a statutory day of celebration
 * (1 and 17 May) runs to the next working day (domstolloven § 149, whose deadline rules
 * forvaltningsloven follows). Christmas Eve, New Year's Eve and Easter Saturday are ordinary days
 * in law (Saturday already counts). Pure: the calendar is computed, never configured.
 */

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The public holidays and days of celebration of a year that are not Sundays by definition, in date order. */
export function publicHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const fixed = (monthDay: string) => `${year}-${monthDay}`;
  return [
    fixed('01-01'), // første nyttårsdag
    addDays(easter, -3), // skjærtorsdag
    addDays(easter, -2), // langfredag
    easter, // første påskedag
    addDays(easter, 1), // annen påskedag
    fixed('05-01'), // 1. mai (høytidsdag)
    fixed('05-17'), // 17. mai (høytidsdag)
    addDays(easter, 39), // Kristi himmelfartsdag
    addDays(easter, 49), // første pinsedag
    addDays(easter, 50), // annen pinsedag
    fixed('12-25'), // første juledag
    fixed('12-26'), // annen juledag
  ].sort();
}

const holidaysByYear = new Map<number, ReadonlySet<string>>();

function holidaysOf(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (!days) holidaysByYear.set(year, (days = new Set(publicHolidays(year))));
  return days;
}

/** Whether `date` ('YYYY-MM-DD') is a working day: not a Saturday, Sunday or public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaysOf(Number(date.slice(0, 4))).has(date);
}

/** `date` itself when it is a working day, else the first working day after it. */
export function thisOrNextWorkingDay(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
