import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../shared-kernel/domain-error.js';
import { ReadModelTimeoutError } from '../projections/projection-failed.error.js';
import type { Logger } from '../observability/logger.js';
import { literalFault, variableFault } from './input-paths.js';

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
    if (isDataException(original)) {
      // The database refused a value the API let through (e.g. a date in year 0): the statement
      // failed as a whole, so nothing was written; the caller's input is at fault, not the service.
      logger.warn({ sqlState: (original as { code?: string }).code, path: formatted.path }, 'a value was outside what the database can store');
      return {
        message: 'A value is outside what can be stored (for example a date before year 1 or a number too large); nothing was recorded.',
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', reason: 'VALUE_OUT_OF_RANGE' },
      };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && !original.originalError && original.message.startsWith('Too many errors processing variables')) {
      // graphql-js stops after 50 bad values in the variables, with an error that carries no code.
      return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_INPUT_ERRORS' } };
    }
    // A value GraphQL itself refused, sent as a variable (BAD_USER_INPUT; over graphql-ws graphql-js
    // gives its own errors no code) or written in the document (GRAPHQL_VALIDATION_FAILED): the field
    // it belongs to, and a message naming that field and the rule without the value.
    const variable = original instanceof GraphQLError ? variableFault(original) : null;
    if (variable) {
      return { message: variable.message, locations: formatted.locations, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', field: variable.field } };
    }
    const literal = code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof GraphQLError ? literalFault(original) : null;
    if (literal) {
      return { message: literal.message, locations: formatted.locations, extensions: { ...formatted.extensions, field: literal.field } };
    }
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

/** PostgreSQL's class 22 (data exception): a value out of range or of the wrong form for its column. */
function isDataException(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown; routine?: unknown } | null;
  return typeof e?.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && typeof e.severity === 'string';
}
