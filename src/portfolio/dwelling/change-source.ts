import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireId, requireOneOf } from './field-rules.js';

/**
 * Where a change comes from when another system, not a caseworker, sends it. The municipal property
 * company (kommunalt eiendomsselskap) syncs stock changes: `reference` is its own id of the
 * dwelling, `version` the version of its record that the change brings (a whole number from 1,
 * growing with each change). The dwelling remembers the last version applied, so a retry of it is
 * recognised and an older version arriving late is refused instead of undoing a newer one; a retry
 * of an earlier version is recognised from the dwelling's events (isResendOfApplied).
 */
export interface ChangeSource {
  system: 'property-company';
  reference: string;
  version: number;
}

export const CHANGE_SOURCE_SYSTEMS = ['property-company'] as const;

export function validateChangeSource(source: ChangeSource, path = 'source'): ChangeSource {
  if (typeof source !== 'object' || source === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  return {
    system: requireOneOf(source.system, `${path}.system`, CHANGE_SOURCE_SYSTEMS),
    reference: requireId(source.reference, `${path}.reference`),
    version: requireVersion(source.version, `${path}.version`),
  };
}

/** A command's source: none (null or left out), or a valid one. */
export function optionalChangeSource(source: ChangeSource | null | undefined, path = 'source'): ChangeSource | null {
  return source === null || source === undefined ? null : validateChangeSource(source, path);
}

function requireVersion(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(field, "must be a whole number, 1 or more (the version of the property company's record)", 'INVALID_VERSION');
  }
  return value;
}
