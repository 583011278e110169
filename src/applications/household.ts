import { ValidationError } from '../shared-kernel/domain-error.js';
import { requireId, requireInteger } from '../portfolio/dwelling/field-rules.js';

/**
 * The household as statistics and allocation need it: who (by pseudonymous person ids only), how
 * many, how many of them children (under 18). Names and national ids are personal data kept apart
 * (personal-data.ts). The size counts the applicant and every member.
 */
export interface Household {
  applicantId: string;
  memberIds: string[];
  size: number;
  children: number;
}

export interface HouseholdInput {
  applicantId: string;
  memberIds: string[];
  children: number;
}

export function validateHousehold(value: unknown, path = 'household'): Household {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const input = value as Partial<Record<keyof HouseholdInput, unknown>>;
  const applicantId = requireId(input.applicantId, `${path}.applicantId`);
  if (!Array.isArray(input.memberIds)) {
    throw new ValidationError(`${path}.memberIds`, 'must be a list of person ids (empty for a household of one)', 'FIELD_REQUIRED');
  }
  const memberIds = input.memberIds.map((id, i) => requireId(id, `${path}.memberIds[${i}]`));
  const seen = new Set([applicantId]);
  memberIds.forEach((id, i) => {
    if (seen.has(id)) throw new ValidationError(`${path}.memberIds[${i}]`, 'names a person already in the household', 'DUPLICATE_PERSON');
    seen.add(id);
  });
  // The applicant is an adult, so every child is a member.
  const children = requireInteger(input.children, `${path}.children`, 0, memberIds.length);
  return { applicantId, memberIds, size: 1 + memberIds.length, children };
}
