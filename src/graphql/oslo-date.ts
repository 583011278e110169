/** Formats a date as YYYY-MM-DD in Norway's time zone; built once, since building one costs more than formatting. */
const OSLO_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Norway (Europe/Oslo), for defaults such as "outstanding grant today". */
export function osloToday(now: Date = new Date()): string {
  return OSLO_DATE.format(now);
}
