import pino from 'pino';
import { scrubNationalIds, scrubObject } from './national-id-scrubber.js';
import { currentCorrelationId } from './request-scope.js';

export type Logger = pino.Logger;

/** Keys whose values are personal data of a named person: never printed, at any depth up to four. */
const PERSONAL_KEYS = [
  'nationalId', 'fodselsnummer', 'fødselsnummer', 'dNumber', 'ssn',
  'name', 'fullName', 'firstName', 'lastName', 'givenName', 'familyName', 'middleName',
  'email', 'phone', 'phoneNumber', 'mobile', 'personalData', 'persons', 'healthCategories', 'backgroundCategories',
];
const REDACT_PATHS = PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `*.*.*.*.${k}`, `*[*].${k}`, `*.*[*].${k}`]);

/**
 * Structured JSON logs. Personal data never belongs in a log line: two lines of defence for data a
 * caller passes by mistake: the keys above are censored wherever they are nested, and anything
 * that is a valid national id (11 digits with their check digits) is replaced in every message and
 * string value, e.g. in a database error that quotes a row.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'boligbok' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Every line logged while serving a request carries that request's correlation id.
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      formatters: { log: (object) => scrubObject(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubNationalIds(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
