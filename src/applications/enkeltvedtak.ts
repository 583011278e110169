import { ValidationError } from '../shared-kernel/domain-error.js';

/**
 * What every enkeltvedtak (an individual decision: to approve or reject an application, to
 * allocate a dwelling, an appeal decision) must carry under forvaltningsloven: its reasons, given
 * with the decision (§ 24), which cite the rules it builds on (§ 25). The appeal period is in
 * appeal-deadline.ts (§ 29).
 */

export function requireReasons(value: unknown, field = 'reasons'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(
      field,
      'must give the reasons for the decision (forvaltningsloven § 24): the facts and the rules it builds on, and the main considerations',
      'REASONS_REQUIRED',
    );
  }
  return value.trim();
}

export function requireLegalBasis(value: unknown, field = 'legalBasis'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'must name the rules the decision builds on (forvaltningsloven § 25), e.g. boligsosialloven § 6', 'LEGAL_BASIS_REQUIRED');
  }
  return value.trim();
}
