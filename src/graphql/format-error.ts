import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../shared-kernel/domain-error.js';
import { ReadModelTimeoutError } from '../projections/projection-failed.error.js';
import type { Logger } from '../observability/logger.js';

/**
 * Domain refusals become GraphQL errors with a stable code (extensions.code), the specific rule
 * (extensions.reason) and the field at fault; anything unexpected is logged and answered without
 * internals.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.category, reason: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (original instanceof ReadModelTimeoutError) {
      return { message: original.message, path: formatted.path, extensions: { code: 'READ_MODEL_TIMEOUT', reason: original.code } };
    }
    const code = formatted.extensions?.code;
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
      return {
        message: 'Internal error; it has been logged. Please retry, and report it if it persists.',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return formatted;
  };
}
