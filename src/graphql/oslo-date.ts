/** Today's date in Norway (Europe/Oslo), for defaults such as "outstanding grant today". */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
