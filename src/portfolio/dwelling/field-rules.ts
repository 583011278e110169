import { ValidationError } from '../../shared-kernel/domain-error.js';
import { isUuid } from '../../shared-kernel/uuid.js';

/**
 * Rules for a single field of a command. Commands arrive from GraphQL and from imports, so the
 * values are checked at run time too, not only by the compiler. Each rule throws a ValidationError
 * naming the field and the rule, and returns the value as it will be stored (text trimmed).
 */

export function requireText(value: unknown, field: string, code = 'FIELD_REQUIRED'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'must not be empty', code);
  }
  return value.trim();
}

/** Free text that may be left out: null, or text that is not blank. */
export function optionalText(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : requireText(value, field);
}

export function requireInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
  code = 'FIELD_OUT_OF_RANGE',
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `must be a whole number from ${min} to ${max}`, code);
  }
  return value;
}

/** Money is whole Norwegian kroner: no øre, so amounts add up exactly. */
export function requireKroner(value: unknown, field: string, min: 0 | 1 = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const rule = min === 0 ? 'must be a whole number of kroner, 0 or more' : 'must be a whole number of kroner, more than 0';
    throw new ValidationError(field, rule, 'INVALID_AMOUNT');
  }
  return value;
}

export function requireOneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ValidationError(field, `must be one of ${options.map((o) => `'${o}'`).join(', ')}`, 'INVALID_OPTION');
  }
  return value as T;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be true or false', 'INVALID_OPTION');
  return value;
}

/** An id is taken exactly as given (it names an event stream or another record), but never blank. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'must not be empty', 'FIELD_REQUIRED');
  }
  return value;
}

export function optionalId(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : requireId(value, field);
}

/**
 * An id that may be left out and, when given, names a record kept under a UUID (a read model's
 * uuid column): null, or a UUID in lower case, as the resolvers store ids.
 */
export function optionalUuid(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : requireUuid(value, field);
}

/** A UUID in lower case, as ids are stored; anything else is refused naming the field (INVALID_ID). */
export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw new ValidationError(field, 'must be a UUID', 'INVALID_ID');
  return value.toLowerCase();
}
