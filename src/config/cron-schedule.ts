import { Cron } from 'croner';

/**
 * A schedule variable: a cron expression (5 or 6 fields) or 'off' (null). A bad value is named in
 * `problems` with what it accepts, and the fallback is used meanwhile (the service does not start).
 */
export function cronOrOff(name: string, raw: string | undefined, fallback: string, problems: string[]): string | null {
  const value = raw?.trim() || fallback;
  if (value.toLowerCase() === 'off') return null;
  try {
    new Cron(value, { paused: true }).stop();
  } catch (error) {
    problems.push(`${name} must be a cron expression (e.g. '${fallback}') or 'off' (got '${value}': ${(error as Error).message})`);
  }
  return value;
}
