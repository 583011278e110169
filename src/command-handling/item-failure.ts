import type { Logger } from '../observability/logger.js';
import { DomainError } from '../shared-kernel/domain-error.js';

/** One item of a batch command that failed while the rest went on (GraphQL ItemFailure). */
export interface ItemFailure {
  id: string;
  reason: string;
  message: string;
}

/**
 * A failed item as a batch reports it: a refusal with its rule and message; a fault logged in full
 * and reported without its internals (as the API's error formatter does).
 */
export function itemFailure(id: string, error: unknown, logger: Logger, what: string): ItemFailure {
  if (error instanceof DomainError) {
    logger.warn({ id, reason: error.code, err: error }, `${what} ${id} was refused: ${error.message}`);
    return { id, reason: error.code, message: error.message };
  }
  logger.error({ id, err: error }, `${what} ${id} failed`);
  return { id, reason: 'INTERNAL_SERVER_ERROR', message: `${what} ${id} failed; the service log has the details` };
}
