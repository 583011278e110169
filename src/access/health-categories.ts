import { HEALTH_RELATED_CATEGORIES, type BackgroundCategory } from '../applications/background-category.js';
import { toGraphqlEnum } from '../graphql/enum-mapping.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import { PERSONAL_DATA_ROLES, type Role } from './roles.js';

const HEALTH_RELATED_ENUM_VALUES: readonly string[] = HEALTH_RELATED_CATEGORIES.map(toGraphqlEnum);

/**
 * A household's health-related background categories (GDPR Art. 9) are shown to the roles that see
 * personal data, and to no other: the auditor reads the cases, their decisions and the other
 * categories, as the histories show them (event-data-redaction.ts).
 */
export function mayReadHealthCategories(role: string): boolean {
  return PERSONAL_DATA_ROLES.includes(role as Role);
}

/** The categories (domain values or GraphQL enum values) the role may see. */
export function categoriesVisibleTo<C extends string>(role: string, categories: readonly C[]): C[] {
  if (mayReadHealthCategories(role)) return [...categories];
  return categories.filter((c) => !HEALTH_RELATED_CATEGORIES.includes(c as BackgroundCategory) && !HEALTH_RELATED_ENUM_VALUES.includes(c));
}

/** Selecting households by a health-related category would name them: refused to the other roles. */
export function requireCategoryVisibleTo(role: string, category: BackgroundCategory | null, field: string): void {
  if (category === null || mayReadHealthCategories(role) || !HEALTH_RELATED_CATEGORIES.includes(category)) return;
  throw new DomainError(
    'CATEGORY_NOT_ALLOWED',
    `the role ${role} may not select households by ${toGraphqlEnum(category)}: it is health data (GDPR Art. 9), shown only to caseworkers, the allocation committee and admin`,
    'FORBIDDEN',
    field,
  );
}
