/**
 * The realistic read queries of the graphql and lag benches, valid against both the service's
 * schema and the bare reference server's: a dwelling by id, a filtered page of 50 dwellings, the
 * portfolio summary and the first page of the waiting list, in equal shares.
 */
export const DWELLING_BY_ID = `query Dwelling($id: ID!) { dwelling(id: $id) {
  id bruksenhetsnummer address { street postalCode postalTown } district dwellingType rooms bedrooms floor
  wheelchairAccessible ownership status statusSince conditionGrade } }`;

export const DWELLINGS_PAGE = `query Dwellings($filter: DwellingFilter) { dwellings(first: 50, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id bruksenhetsnummer district bedrooms status wheelchairAccessible address { street } } } } }`;

export const PORTFOLIO_SUMMARY = `query Summary { portfolioSummary {
  dwellingsInPortfolio byType { value count } byOwnership { value count } byStatus { value count }
  wheelchairAccessible wheelchairAccessibleShare buildings } }`;

export const WAITING_LIST_PAGE = `query WaitingList { waitingList(first: 50) {
  totalCount rules pageInfo { hasNextPage endCursor } edges { cursor node { position reason waitingSince application { id } } } } }`;

export const BENCH_QUERIES = ['dwelling', 'dwellings', 'portfolioSummary', 'waitingList'] as const;
export type BenchQuery = (typeof BENCH_QUERIES)[number];

/** The i-th request body of the mix (the given queries in turn): ids and districts rotate so caches do not answer everything. */
export function benchRequestBody(i: number, queries: readonly BenchQuery[], ids: readonly string[], districts: readonly string[]): string {
  switch (queries[i % queries.length]!) {
    case 'dwelling':
      return JSON.stringify({ query: DWELLING_BY_ID, variables: { id: ids[i % ids.length] } });
    case 'dwellings':
      return JSON.stringify({ query: DWELLINGS_PAGE, variables: { filter: { district: districts[i % districts.length], minBedrooms: 1 + (i % 2) } } });
    case 'portfolioSummary':
      return JSON.stringify({ query: PORTFOLIO_SUMMARY });
    case 'waitingList':
      return JSON.stringify({ query: WAITING_LIST_PAGE });
  }
}
