import type { ApplicationsPolicy } from '../applications/applications-policy.js';
import type { AllocationPolicy } from '../allocations/allocation-policy.js';
import { APPLICATIONS_CONFIG_VARIABLES, readApplicationsConfig } from './applications-config.js';
import { REPORTING_CONFIG_VARIABLES, readReportingConfig, type ReportingConfig } from '../reporting/reporting-config.js';
import { cronOrOff } from './cron-schedule.js';
import { parseProxyEntry } from '../access/client-address.js';

/** The service's configuration, read once from environment variables and validated at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; when absent the service runs on the embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  /** How long an unused pool connection stays open (0 = until the service stops). */
  databasePoolIdleSeconds: number;
  /** When set, the event log lives in KurrentDB; read models stay in PostgreSQL. */
  kurrentdbConnectionString: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  projectionBatchSize: number;
  projectionBuildBatchSize: number;
  projectionPollIntervalMs: number;
  /** The longest a query may wait for read models to reach a position (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** How often a command is retried when another writer changed the same stream first. */
  commandRetries: number;
  /** Applications and the waiting list: validity, list-date rules, waiting-list order (applications-config.ts). */
  applications: ApplicationsPolicy;
  /** Allocation: dwelling fit, concentration cap, committee size, offer answer days (applications-config.ts). */
  allocation: AllocationPolicy;
  /** Leases: the default term in months per contract type when no end date is given (0 = open-ended); policy. */
  leaseTermMonths: { ordinary: number; shortTerm: number; temporaryHousing: number };
  /** Leases: how many days ahead the renewal work queue looks (leases ending within N days). */
  leaseRenewalWindowDays: number;
  /** Who may call the API: OIDC issuer, audience and key set; unset JWKS URL = the development key (not in production). */
  auth: AuthConfig;
  /** Limits that keep one caller or one request from exhausting the service. */
  limits: LimitsConfig;
  /** KOSTRA reporting: the installation's municipality and the yearly job's schedule (reporting-config.ts). */
  reporting: ReportingConfig;
  /** When lapsed approvals and offers past their answer deadline are recorded as expired (cron, in REPORT_TIMEZONE); null = never. */
  expirySchedule: string | null;
}

export const DEFAULT_EXPIRY_SCHEDULE = '0 1 * * *';

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** The identity provider's JWKS; undefined = the development key under DATA_DIR (refused in production). */
  jwksUrl: string | undefined;
  /** The token claim holding the caller's role (a string, or a list with exactly one Boligbok role). */
  roleClaim: string;
  /** Whether /metrics answers without a token (it holds no personal data; scrapers rarely speak OIDC). */
  metricsPublic: boolean;
}

export interface LimitsConfig {
  /** Requests per minute per client (token subject, else IP), per process; 0 = no limit. */
  rateLimitPerMinute: number;
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client; empty = the TCP peer is the client. */
  trustedProxies: string[];
  /** Largest `first` any list argument accepts. */
  maxPageSize: number;
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Largest JSON request body, in megabytes. */
  requestBodyLimitMb: number;
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

  const addresses = (name: string): string[] => {
    const entries = (value(name) ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry);
      if (typeof parsed === 'string') problems.push(`${name}: ${parsed}`);
    }
    return entries;
  };

  const config: Config = {
    nodeEnv: oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    host: value('HOST') ?? '0.0.0.0',
    port: int('PORT', 3000, 1, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres', 'postgresql']),
    dataDir: value('DATA_DIR') ?? './data',
    // The projection and process-manager runners each hold one connection for their locks: with
    // fewer than two left for the work, the service would hang waiting for a connection.
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 4, 200),
    databasePoolIdleSeconds: int('DATABASE_POOL_IDLE_SECONDS', 300, 0, 86400),
    kurrentdbConnectionString: url('KURRENTDB_CONNECTION_STRING', ['kurrentdb', 'kurrentdb+discover', 'esdb', 'esdb+discover', 'kdb', 'kdb+discover']),
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    projectionBatchSize: int('PROJECTION_BATCH_SIZE', 500, 1, 10000),
    projectionBuildBatchSize: int('PROJECTION_BUILD_BATCH_SIZE', 2000, 1, 50000),
    projectionPollIntervalMs: int('PROJECTION_POLL_INTERVAL_MS', 250, 10, 60000),
    readYourWritesTimeoutMs: int('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    commandRetries: int('COMMAND_RETRIES', 3, 0, 20),
    ...readApplicationsConfig(env, value('NODE_ENV') ?? 'development', problems),
    auth: {
      issuer: value('AUTH_ISSUER') ?? 'boligbok-development',
      audience: value('AUTH_AUDIENCE') ?? 'boligbok',
      jwksUrl: url('AUTH_JWKS_URL', ['https', 'http']),
      roleClaim: value('AUTH_ROLE_CLAIM') ?? 'role',
      metricsPublic: oneOf('METRICS_PUBLIC', ['true', 'false'] as const, 'true') === 'true',
    },
    limits: {
      rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
      trustedProxies: addresses('TRUSTED_PROXIES'),
      maxPageSize: int('MAX_PAGE_SIZE', 1000, 1, 100_000),
      maxDepth: int('GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxCost: int('GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxTokens: int('GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
      requestBodyLimitMb: int('REQUEST_BODY_LIMIT_MB', 25, 1, 1024),
    },
    leaseTermMonths: {
      ordinary: int('LEASE_TERM_MONTHS_ORDINARY', 36, 0, 600),
      shortTerm: int('LEASE_TERM_MONTHS_SHORT_TERM', 12, 1, 35),
      temporaryHousing: int('LEASE_TERM_MONTHS_TEMPORARY_HOUSING', 3, 1, 35),
    },
    leaseRenewalWindowDays: int('LEASE_RENEWAL_WINDOW_DAYS', 90, 1, 3650),
    reporting: readReportingConfig(env, problems),
    expirySchedule: cronOrOff('EXPIRY_SCHEDULE', value('EXPIRY_SCHEDULE'), DEFAULT_EXPIRY_SCHEDULE, problems),
  };
  if (config.nodeEnv === 'production') {
    // A production service only trusts the municipality's identity provider, never a local key.
    for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) {
      if (value(name) === undefined) problems.push(`${name} is required when NODE_ENV=production (tokens are verified against the identity provider)`);
    }
  }
  if (config.nodeEnv === 'production' && !config.databaseUrl) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development and trials)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
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
  ['DATABASE_POOL_IDLE_SECONDS', 'seconds an unused connection stays open; 0 = until the service stops (default 300)'],
  ['KURRENTDB_CONNECTION_STRING', 'kurrentdb:// URL; set = the event log lives in KurrentDB'],
  ['NODE_ENV', 'development | production | test (default development)'],
  ['LOG_LEVEL', 'fatal | error | warn | info | debug | trace | silent (default info)'],
  ['PROJECTION_BATCH_SIZE', 'events per projection transaction of a live read model (default 500)'],
  ['PROJECTION_BUILD_BATCH_SIZE', 'events per projection transaction while a read model is built or rebuilt from the log (default 2000)'],
  ['PROJECTION_POLL_INTERVAL_MS', 'how often projections look for events from other processes (default 250)'],
  ['READ_YOUR_WRITES_TIMEOUT_MS', 'longest wait for read models to reach a position (default 5000)'],
  ['COMMAND_RETRIES', 'retries of a command after a concurrent write to its stream (default 3)'],
  ...APPLICATIONS_CONFIG_VARIABLES,
  ...REPORTING_CONFIG_VARIABLES,
  ['EXPIRY_SCHEDULE', `cron for recording lapsed approvals and unanswered offers as expired, or off (default '${DEFAULT_EXPIRY_SCHEDULE}': 01:00 every day)`],
  ['AUTH_ISSUER', 'expected `iss` of access tokens (default boligbok-development; required in production)'],
  ['AUTH_AUDIENCE', 'expected `aud` of access tokens (default boligbok; required in production)'],
  ['AUTH_JWKS_URL', "identity provider's JWKS URL; unset = development key under DATA_DIR (required in production)"],
  ['AUTH_ROLE_CLAIM', 'token claim naming the Boligbok role (default role)'],
  ['METRICS_PUBLIC', '/metrics answers without a token: true | false (default true)'],
  ['RATE_LIMIT_PER_MINUTE', 'requests per minute per client and process; 0 = off (default 600)'],
  ['TRUSTED_PROXIES', 'comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (default none: the TCP peer is the client)'],
  ['MAX_PAGE_SIZE', 'largest `first` of any list (default 1000)'],
  ['GRAPHQL_MAX_DEPTH', 'deepest selection (default 10)'],
  ['GRAPHQL_MAX_COST', 'largest estimated cost of an operation (default 5000)'],
  ['GRAPHQL_MAX_ALIASES', 'most aliases in an operation (default 15)'],
  ['GRAPHQL_MAX_TOKENS', 'most tokens in a document (default 5000)'],
  ['REQUEST_BODY_LIMIT_MB', 'largest JSON request body in MB (default 25)'],
  ['LEASE_TERM_MONTHS_ORDINARY', 'default term of an ordinary lease in months when no end date is given; 0 = open-ended (default 36, husleieloven § 9-3)'],
  ['LEASE_TERM_MONTHS_SHORT_TERM', 'default term of a short-term lease (husleieloven § 11-1), 1 to 35 months (default 12)'],
  ['LEASE_TERM_MONTHS_TEMPORARY_HOUSING', 'default term of temporary housing (sosialtjenesteloven § 27) in months (default 3)'],
  ['LEASE_RENEWAL_WINDOW_DAYS', 'leases ending within this many days are in the renewal work queue (default 90)'],
];
