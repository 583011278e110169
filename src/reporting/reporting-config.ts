import { cronOrOff } from '../config/cron-schedule.js';

type Env = Record<string, string | undefined>;

export interface ReportingConfig {
  /** The installation's municipality (kommunenummer); undefined = the one most registered dwellings are in. */
  municipalityNumber: string | undefined;
  /** When the previous year's KOSTRA report is produced (cron, 5 or 6 fields); null = never (REPORT_SCHEDULE=off). */
  reportSchedule: string | null;
  /** The time zone the schedules (this one and EXPIRY_SCHEDULE) are read in, and the expiry job's calendar day (IANA name). */
  reportTimezone: string;
}

export const DEFAULT_REPORT_SCHEDULE = '0 3 2 1 *';

/**
 * Reporting's configuration from environment variables (documented in README.md);
 * every problem names the variable and what it accepts, collected by config.ts with the rest.
 */
export function readReportingConfig(env: Env, problems: string[]): ReportingConfig {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const municipalityNumber = value('MUNICIPALITY_NUMBER');
  if (municipalityNumber !== undefined && !/^\d{4}$/.test(municipalityNumber)) {
    problems.push(`MUNICIPALITY_NUMBER must be a kommunenummer of 4 digits with the leading zero, e.g. 0301 (got '${municipalityNumber}')`);
  }
  const reportTimezone = value('REPORT_TIMEZONE') ?? 'Europe/Oslo';
  try {
    new Intl.DateTimeFormat('en', { timeZone: reportTimezone });
  } catch {
    problems.push(`REPORT_TIMEZONE must be an IANA time zone such as Europe/Oslo (got '${reportTimezone}')`);
  }
  const reportSchedule = cronOrOff('REPORT_SCHEDULE', value('REPORT_SCHEDULE'), DEFAULT_REPORT_SCHEDULE, problems);
  return { municipalityNumber, reportSchedule, reportTimezone };
}

export const REPORTING_CONFIG_VARIABLES: ReadonlyArray<[string, string]> = [
  ['MUNICIPALITY_NUMBER', 'kommunenummer of the installation, for reports (default: where most registered dwellings are)'],
  ['REPORT_SCHEDULE', `cron for the previous year's KOSTRA report, or off (default '${DEFAULT_REPORT_SCHEDULE}': 03:00 on 2 January)`],
  ['REPORT_TIMEZONE', 'time zone of REPORT_SCHEDULE and EXPIRY_SCHEDULE, and of the expiry job\'s day (default Europe/Oslo)'],
];
