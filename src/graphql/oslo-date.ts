/** Formats a date as YYYY-MM-DD in Norway's time zone; built once, since building one costs more than formatting. */
const OSLO_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The last minute formatted: a summary read asks for today on every request, and formatting costs more than the rest of it. */
let lastMinute: { minute: number; day: string } | undefined;

/** Today's date in Norway (Europe/Oslo), for defaults such as "outstanding grant today". */
export function osloToday(now: Date = new Date()): string {
  // Oslo's offset from UTC is whole hours, so its date changes only where a UTC minute begins.
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastMinute?.minute !== minute) lastMinute = { minute, day: OSLO_DATE.format(now) };
  return lastMinute.day;
}
