import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Personal data never belongs in a log line: the redact paths are a second
 * line of defence for fields that must never be printed even if a caller passes them by mistake.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'boligbok' },
    redact: { paths: ['*.nationalId', '*.name', '*.fullName', 'nationalId', 'name', 'fullName'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
