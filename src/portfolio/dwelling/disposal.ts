/**
 * Why a dwelling is to be sold. Selling off dwellings of poor quality is an explicit strategy, so
 * the reason is a choice that can be counted; the note on the decision says the rest.
 * - 'poor-condition': the dwelling is in poor condition (e.g. TG3 on the roof or bathroom).
 * - 'unsuitable-location': the dwelling or its neighbourhood does not suit the households it is for.
 * - 'concentration': too many households with heavy needs in one building ("oppsamling"); the
 *   dwelling is sold to spread the stock in ordinary neighbourhoods.
 * - 'strategic': the portfolio is restructured, e.g. sold to fund dwellings that fit better.
 */
export const DISPOSAL_REASONS = ['poor-condition', 'unsuitable-location', 'concentration', 'strategic'] as const;
export type DisposalReason = (typeof DISPOSAL_REASONS)[number];

/** Who buys: anyone on the open market, the tenant living in it ("fra leie til eie"), or another buyer (e.g. another public body). */
export const BUYERS = ['open-market', 'sitting-tenant', 'other'] as const;
export type Buyer = (typeof BUYERS)[number];
