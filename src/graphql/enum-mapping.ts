/** Every field of every node in a page maps its value: remembered, not recomputed (a regular expression each time). */
const TO_GRAPHQL = new Map<string, string>();

/** Domain values are kebab-case ('care-with-staff-base'); GraphQL enums are UPPER_SNAKE (CARE_WITH_STAFF_BASE). */
export function toGraphqlEnum(value: string): string {
  let mapped = TO_GRAPHQL.get(value);
  if (mapped === undefined) {
    mapped = value.toUpperCase().replace(/-/g, '_');
    // Read-model values come from a few dozen enums; the bound keeps any other caller's input from growing it.
    if (TO_GRAPHQL.size < 2000) TO_GRAPHQL.set(value, mapped);
  }
  return mapped;
}

export function fromGraphqlEnum<T extends string>(value: string): T {
  return value.toLowerCase().replace(/_/g, '-') as T;
}
