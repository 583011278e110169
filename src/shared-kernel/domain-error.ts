/**
 * How a refused command is classified for API clients; maps one-to-one to GraphQL error codes.
 * - BAD_USER_INPUT: a field breaks a rule (format, range, required).
 * - NOT_FOUND: the thing the command is about does not exist.
 * - CONFLICT: the command is valid, but the current state does not allow it (or someone else wrote first).
 * - FORBIDDEN: the caller may not do this.
 */
export type ErrorCategory = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

/** A refused command: a stable code for programs, a sentence for people, and the field at fault. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly category: ErrorCategory = 'CONFLICT',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A field breaks a rule: the message names the field and the rule. */
export class ValidationError extends DomainError {
  constructor(field: string, rule: string, code = 'INVALID_FIELD') {
    super(code, `${field}: ${rule}`, 'BAD_USER_INPUT', field);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string, field?: string) {
    super(code, message, 'NOT_FOUND', field);
    this.name = 'NotFoundError';
  }
}
