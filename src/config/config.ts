import { Cron } from 'croner';
/** The service's configuration, read once from environment variables and validated at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; when absent the service runs on the embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  /** When set, the event log lives in KurrentDB; read models stay in PostgreSQL. */
  kurrentdbConnectionString: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  projectionBatchSize: number;
  projectionPollIntervalMs: number;
  /** The longest a query may wait for read models to reach a position (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** How often a command is retried when another writer changed the same stream first. */
  commandRetries: number;
  /** The installation's municipality (kommunenummer) for reports; unset = the municipality most registered dwellings are in. */
  municipalityNumber: string | undefined;
  /** When the previous year's KOSTRA report is produced (cron, 5 or 6 fields); null = never (REPORT_SCHEDULE=off). */
  reportSchedule: string | null;
  /** The time zone the report schedule is read in (IANA name). */
  reportTimezone: string;
}

/** Stops the process at start with a message that names the variable and what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got '${raw}')`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got '${raw}')`);
      return fallback;
    }
    return raw as T;
  };
  const url = (name: string, schemes: string[]): string | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !schemes.includes(parsed.protocol.replace(/:$/, ''))) {
      problems.push(`${name} must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')} (got '${redact(raw)}')`);
      return undefined;
    }
    return raw;
  };

  const config: Config = {
    nodeEnv: oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    host: value('HOST') ?? '0.0.0.0',
    port: int('PORT', 3000, 1, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres', 'postgresql']),
    dataDir: value('DATA_DIR') ?? './data',
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    kurrentdbConnectionString: url('KURRENTDB_CONNECTION_STRING', ['kurrentdb', 'kurrentdb+discover', 'esdb', 'esdb+discover', 'kdb', 'kdb+discover']),
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    projectionBatchSize: int('PROJECTION_BATCH_SIZE', 500, 1, 10000),
    projectionPollIntervalMs: int('PROJECTION_POLL_INTERVAL_MS', 250, 10, 60000),
    readYourWritesTimeoutMs: int('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    commandRetries: int('COMMAND_RETRIES', 3, 0, 20),
    municipalityNumber: municipalityNumber(value('MUNICIPALITY_NUMBER'), problems),
    reportSchedule: reportSchedule(value('REPORT_SCHEDULE'), problems),
    reportTimezone: timezone(value('REPORT_TIMEZONE') ?? 'Europe/Oslo', problems),
  };
  if (config.nodeEnv === 'production' && !config.databaseUrl) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development and trials)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function municipalityNumber(raw: string | undefined, problems: string[]): string | undefined {
  if (raw !== undefined && !/^\d{4}$/.test(raw)) problems.push(`MUNICIPALITY_NUMBER must be a kommunenummer of 4 digits with the leading zero, e.g. 0301 (got '${raw}')`);
  return raw;
}

/** 'off' turns the scheduled report off; anything else must be a cron expression croner accepts. */
function reportSchedule(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return '0 3 2 1 *';
  if (raw.toLowerCase() === 'off') return null;
  try {
    new Cron(raw, { paused: true }).stop();
  } catch (error) {
    problems.push(`REPORT_SCHEDULE must be a cron expression (e.g. '0 3 2 1 *') or 'off' (got '${raw}': ${(error as Error).message})`);
  }
  return raw;
}

function timezone(raw: string, problems: string[]): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
  } catch {
    problems.push(`REPORT_TIMEZONE must be an IANA time zone such as Europe/Oslo (got '${raw}')`);
  }
  return raw;
}

/** Never echo a password from a connection string. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/** The documented variables, for `boligbok --help` and the README. */
export const CONFIG_VARIABLES: ReadonlyArray<[string, string]> = [
  ['PORT', 'HTTP port (default 3000)'],
  ['HOST', 'interface to listen on (default 0.0.0.0)'],
  ['DATABASE_URL', 'postgresql:// URL; unset = embedded PostgreSQL (PGlite) under DATA_DIR'],
  ['DATA_DIR', 'where the embedded database keeps its files (default ./data)'],
  ['DATABASE_POOL_SIZE', 'connections per process (default 10)'],
  ['KURRENTDB_CONNECTION_STRING', 'kurrentdb:// URL; set = the event log lives in KurrentDB'],
  ['NODE_ENV', 'development | production | test (default development)'],
  ['LOG_LEVEL', 'fatal | error | warn | info | debug | trace | silent (default info)'],
  ['PROJECTION_BATCH_SIZE', 'events per projection transaction (default 500)'],
  ['PROJECTION_POLL_INTERVAL_MS', 'how often projections look for events from other processes (default 250)'],
  ['READ_YOUR_WRITES_TIMEOUT_MS', 'longest wait for read models to reach a position (default 5000)'],
  ['COMMAND_RETRIES', 'retries of a command after a concurrent write to its stream (default 3)'],
  ['MUNICIPALITY_NUMBER', 'kommunenummer of the installation, for reports (default: where most registered dwellings are)'],
  ['REPORT_SCHEDULE', "cron for the previous year's KOSTRA report, or off (default '0 3 2 1 *': 03:00 on 2 January)"],
  ['REPORT_TIMEZONE', 'time zone of REPORT_SCHEDULE (default Europe/Oslo)'],
];
