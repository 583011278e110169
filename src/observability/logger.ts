import pino from 'pino';
import { currentCorrelationId } from './request-scope.js';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Personal data never belongs in a log line: the redact paths are a second
 * line of defence for fields that must never be printed even if a caller passes them by mistake.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'boligbok' },
    redact: { paths: ['*.nationalId', '*.name', '*.fullName', 'nationalId', 'name', 'fullName'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line logged while serving a request carries that request's correlation id.
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
