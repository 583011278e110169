/**
 * "Fra leie til eie": how the tenant means to become an owner.
 * - 'buy-rented-dwelling': buy the municipal dwelling they rent; it is sold to the sitting tenant
 *   and leaves the portfolio.
 * - 'buy-on-market': buy a dwelling on the open market; the municipal dwelling becomes available.
 */
export const TRANSITION_PLANS = ['buy-rented-dwelling', 'buy-on-market'] as const;
export type TransitionPlan = (typeof TRANSITION_PLANS)[number];

/** Financing other than startlån: a bank mortgage, own savings, Husbanken's tilskudd til etablering, or another source. */
export const FINANCING_SOURCES = ['bank-loan', 'equity', 'establishment-grant', 'other'] as const;
export type FinancingSource = (typeof FINANCING_SOURCES)[number];

export type TransitionStatus = 'started' | 'completed' | 'abandoned';
