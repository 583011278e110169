/** Domain values are kebab-case ('care-with-staff-base'); GraphQL enums are UPPER_SNAKE (CARE_WITH_STAFF_BASE). */
export function toGraphqlEnum(value: string): string {
  return value.toUpperCase().replace(/-/g, '_');
}

export function fromGraphqlEnum<T extends string>(value: string): T {
  return value.toLowerCase().replace(/_/g, '-') as T;
}
