import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate } from './calendar-date.js';
import { requireKroner } from './field-rules.js';

/**
 * Husbanken's rental-housing grant (tilskudd til utleieboliger). It is written down per completed
 * year (see grant-write-down.ts): over 30 years under the current regulation, over 20 for grants
 * given under the older one.
 */
export interface RentalHousingGrant {
  amount: number; // whole NOK
  grantDate: string; // YYYY-MM-DD, the write-down counts from this day
  writeDownYears: WriteDownYears;
}

export type WriteDownYears = 30 | 20;

export function validateRentalHousingGrant(grant: RentalHousingGrant, path: string): RentalHousingGrant {
  if (typeof grant !== 'object' || grant === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  return {
    amount: requireKroner(grant.amount, `${path}.amount`, 1),
    grantDate: requireCalendarDate(grant.grantDate, `${path}.grantDate`),
    writeDownYears: requireWriteDownYears(grant.writeDownYears, `${path}.writeDownYears`),
  };
}

function requireWriteDownYears(value: unknown, field: string): WriteDownYears {
  if (value !== 30 && value !== 20) {
    throw new ValidationError(field, 'must be 30 (current regulation) or 20 (grants under the older regulation)', 'INVALID_OPTION');
  }
  return value;
}
