/**
 * What the household asks for. KOSTRA counts 'new' applications apart: a new application comes from
 * a household that does not already live in municipal housing; a current tenant asking to move to
 * another municipal dwelling ('swap') or to extend the lease ('extension') is not new.
 */
export const APPLICATION_KINDS = ['new', 'swap', 'extension'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
