/**
 * The roles a caller can act in. A token names exactly one (see AUTH_ROLE_CLAIM).
 * - caseworker: the housing office; applications, decisions, the portfolio.
 * - allocation-committee: the tildelingsutvalg; reads what it decides on, records its decisions.
 * - auditor: kommunerevisjon / Statsforvalteren; reads everything including history, changes nothing.
 * - property-company: the municipal property company's system; the stock and its change feed only.
 * - reporting: reporting jobs (Husbanken, KOSTRA); aggregates and reports only.
 * - admin: operations; everything, including erasure of a data subject.
 */
export const ROLES = ['caseworker', 'allocation-committee', 'auditor', 'property-company', 'reporting', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that see personal data of a named person in clear (their reads are recorded). */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['caseworker', 'allocation-committee', 'admin'];
