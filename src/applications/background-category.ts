import { ValidationError } from '../shared-kernel/domain-error.js';
import { requireCalendarDate } from '../portfolio/dwelling/calendar-date.js';

/**
 * Background categories the municipalities track and KOSTRA form 13 counts:
 * - 'refugee-settlement': settled as a refugee; counted while the municipality receives the
 *   integration grant, 5 years from arrival (hence the arrival date);
 * - 'substance-abuse-or-mental-illness': one merged category in national statistics since 2020;
 * - 'disability': disability or a need of an adapted dwelling;
 * - 'economic-or-social-problems';
 * - 'elderly'.
 * "Combined problems" is a household in more than one category; it is derived, not chosen.
 *
 * Substance abuse / mental illness and disability are health data, a special category under GDPR
 * Art. 9. They are kept as flags on the application because statistics need them and they are
 * about the household's case, not about a named person: the events name persons only by
 * pseudonymous ids. Who may read these flags: src/access/health-categories.ts.
 */
export const BACKGROUND_CATEGORIES = [
  'refugee-settlement',
  'substance-abuse-or-mental-illness',
  'disability',
  'economic-or-social-problems',
  'elderly',
] as const;
export type BackgroundCategory = (typeof BACKGROUND_CATEGORIES)[number];

/** The categories that are health data (GDPR Art. 9): to be shown only to those who need them. */
export const HEALTH_RELATED_CATEGORIES: readonly BackgroundCategory[] = ['substance-abuse-or-mental-illness', 'disability'];

export interface Background {
  /** Each category at most once, in the order of BACKGROUND_CATEGORIES. */
  categories: BackgroundCategory[];
  /** The refugee's arrival in the municipality: required with 'refugee-settlement', else null. */
  refugeeArrivalDate: string | null;
}

export function validateBackground(categories: unknown, refugeeArrivalDate: unknown): Background {
  if (!Array.isArray(categories)) throw new ValidationError('categories', 'must be a list of background categories (it may be empty)', 'FIELD_REQUIRED');
  const given = new Set<BackgroundCategory>();
  categories.forEach((category, i) => {
    if (typeof category !== 'string' || !(BACKGROUND_CATEGORIES as readonly string[]).includes(category)) {
      throw new ValidationError(`categories[${i}]`, `must be one of ${BACKGROUND_CATEGORIES.map((c) => `'${c}'`).join(', ')}`, 'INVALID_OPTION');
    }
    if (given.has(category as BackgroundCategory)) {
      throw new ValidationError(`categories[${i}]`, 'is given twice; give each category once', 'DUPLICATE_CATEGORY');
    }
    given.add(category as BackgroundCategory);
  });
  const refugee = given.has('refugee-settlement');
  if (refugee && (refugeeArrivalDate === null || refugeeArrivalDate === undefined)) {
    throw new ValidationError('refugeeArrivalDate', "is required with the category 'refugee-settlement'", 'FIELD_REQUIRED');
  }
  if (!refugee && refugeeArrivalDate !== null && refugeeArrivalDate !== undefined) {
    throw new ValidationError('refugeeArrivalDate', "is only allowed with the category 'refugee-settlement'; leave it empty", 'FIELD_NOT_ALLOWED');
  }
  return {
    categories: BACKGROUND_CATEGORIES.filter((c) => given.has(c)),
    refugeeArrivalDate: refugee ? requireCalendarDate(refugeeArrivalDate, 'refugeeArrivalDate') : null,
  };
}
