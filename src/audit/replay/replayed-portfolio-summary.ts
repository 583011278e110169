import { buildingKey } from '../../portfolio/building-key.js';
import type { Dwelling, DwellingState } from '../../portfolio/dwelling/dwelling.state.js';
import { totalOutstandingGrant } from '../../portfolio/dwelling/grant-write-down.js';
import type { PortfolioSummary } from '../../portfolio/portfolio-summary.read-model.js';

const LEFT = new Set(['sold', 'lease-in-ended']);

/**
 * The portfolio summary computed from replayed dwelling states, by the same definitions as the
 * read model (portfolio-summary.read-model.ts): what an auditor compares the read model with.
 */
export function replayedPortfolioSummary(states: Iterable<DwellingState>, on: string, kommunenummer: string | null = null): PortfolioSummary {
  const inPortfolio: Dwelling[] = [];
  for (const state of states) {
    if (state.status === 'unregistered' || LEFT.has(state.status)) continue;
    if (kommunenummer !== null && state.description.matrikkel.kommunenummer !== kommunenummer) continue;
    inPortfolio.push(state);
  }
  const countBy = (value: (d: Dwelling) => string) => {
    const counts = new Map<string, number>();
    for (const d of inPortfolio) counts.set(value(d), (counts.get(value(d)) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, count]) => ({ value: v, count }));
  };
  const accessible = inPortfolio.filter((d) => d.description.wheelchairAccessible).length;
  return {
    on,
    dwellingsInPortfolio: inPortfolio.length,
    byType: countBy((d) => d.description.dwellingType),
    byOwnership: countBy((d) => d.description.ownership),
    byStatus: countBy((d) => d.status),
    wheelchairAccessible: accessible,
    wheelchairAccessibleShare: inPortfolio.length === 0 ? 0 : accessible / inPortfolio.length,
    outstandingGrants: totalOutstandingGrant(inPortfolio.flatMap((d) => d.rentalHousingGrants), on),
    buildings: new Set(inPortfolio.map((d) => buildingKey(d.description))).size,
  };
}
