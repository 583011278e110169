import type pg from 'pg';
import { totalOutstandingGrant } from './dwelling/grant-write-down.js';
import type { WriteDownYears } from './dwelling/rental-housing-grant.js';
import type { DwellingReadModel } from './dwelling-read-model.js';
import { asOfParameter, tableAsOf, type AsOf } from '../projections/valid-time-history.js';

export interface PortfolioSummary {
  on: string;
  dwellingsInPortfolio: number;
  byType: Array<{ value: string; count: number }>;
  byOwnership: Array<{ value: string; count: number }>;
  byStatus: Array<{ value: string; count: number }>;
  wheelchairAccessible: number;
  wheelchairAccessibleShare: number;
  outstandingGrants: number;
  buildings: number;
}

/** Counts over the dwellings read model; the grant balance uses the domain's write-down rule. */
export class PortfolioSummaryReadModel {
  constructor(
    private readonly pool: pg.Pool,
    private readonly dwellings: DwellingReadModel,
  ) {}

  /** The summary now, or with `asOf` over the portfolio as known at that instant (time travel). */
  async summary(on: string, kommunenummer: string | null, asOf?: AsOf): Promise<PortfolioSummary> {
    const inPortfolio = `status NOT IN ('sold', 'lease-in-ended') AND ($1::text IS NULL OR kommunenummer = $1)`;
    const dwellings = tableAsOf('dwellings', asOf, 2);
    const params = asOf === undefined ? [kommunenummer] : [kommunenummer, asOfParameter(asOf)];
    const grouped = async (column: string) =>
      (
        await this.pool.query<{ value: string; count: number }>(
          `SELECT ${column} AS value, count(*)::int AS count FROM ${dwellings} WHERE ${inPortfolio} GROUP BY ${column} ORDER BY ${column}`,
          params,
        )
      ).rows;
    const [totals, byType, byOwnership, byStatus, grants] = await Promise.all([
      this.pool.query<{ total: number; accessible: number; buildings: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE wheelchair_accessible)::int AS accessible,
                count(DISTINCT building_key)::int AS buildings
         FROM ${dwellings} WHERE ${inPortfolio}`,
        params,
      ),
      grouped('dwelling_type'),
      grouped('ownership'),
      grouped('status'),
      this.dwellings.grantsInPortfolio(kommunenummer, asOf),
    ]);
    const t = totals.rows[0]!;
    return {
      on,
      dwellingsInPortfolio: t.total,
      byType,
      byOwnership,
      byStatus,
      wheelchairAccessible: t.accessible,
      wheelchairAccessibleShare: t.total === 0 ? 0 : t.accessible / t.total,
      outstandingGrants: totalOutstandingGrant(
        grants.map((g) => ({ amount: Number(g.amount), grantDate: g.grant_date, writeDownYears: g.write_down_years as WriteDownYears })),
        on,
      ),
      buildings: t.buildings,
    };
  }
}
