import type pg from 'pg';
import { totalOutstandingGrant } from './dwelling/grant-write-down.js';
import type { WriteDownYears } from './dwelling/rental-housing-grant.js';
import type { DwellingReadModel } from './dwelling-read-model.js';
import { PORTFOLIO_COUNT_DIMENSIONS } from './portfolio-counts.js';
import { asOfParameter, tableAsOf, type AsOf } from '../projections/valid-time-history.js';

/** PostgreSQL's "undefined_table". */
const UNDEFINED_TABLE = '42P01';

export interface PortfolioSummary extends PortfolioCounts {
  on: string;
  outstandingGrants: number;
}

/** The summary's counts, which do not depend on the day (the grant balance does). */
export interface PortfolioCounts {
  dwellingsInPortfolio: number;
  byType: Array<{ value: string; count: number }>;
  byOwnership: Array<{ value: string; count: number }>;
  byStatus: Array<{ value: string; count: number }>;
  wheelchairAccessible: number;
  wheelchairAccessibleShare: number;
  buildings: number;
}

/**
 * The portfolio summary. Now: from the counts the database keeps beside the dwellings table
 * (portfolio-counts.ts), a read of a few dozen rows. As known at an earlier instant (time travel):
 * aggregates over the history tables. The grant balance uses the domain's write-down rule.
 */
export class PortfolioSummaryReadModel {
  constructor(
    private readonly pool: pg.Pool,
    private readonly dwellings: DwellingReadModel,
  ) {}

  /** The summary now, or with `asOf` over the portfolio as known at that instant (time travel). */
  async summary(on: string, kommunenummer: string | null, asOf?: AsOf): Promise<PortfolioSummary> {
    const [counts, outstandingGrants] = await Promise.all([this.counts(kommunenummer, asOf), this.outstandingGrants(on, kommunenummer, asOf)]);
    return { on, ...counts, outstandingGrants };
  }

  async counts(kommunenummer: string | null, asOf?: AsOf): Promise<PortfolioCounts> {
    if (asOf !== undefined) return this.aggregatedCounts(kommunenummer, asOf);
    try {
      return await this.maintainedCounts(kommunenummer);
    } catch (error) {
      // Right after an upgrade the generation with the counts is still being built beside the live
      // one, which has no counts table yet: aggregate over the live dwellings meanwhile.
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return this.aggregatedCounts(kommunenummer);
      throw error;
    }
  }

  /** Husbanken grants not yet written down on `on`, over the dwellings in the portfolio. */
  async outstandingGrants(on: string, kommunenummer: string | null, asOf?: AsOf): Promise<number> {
    const grants = await this.dwellings.grantsInPortfolio(kommunenummer, asOf);
    return totalOutstandingGrant(
      grants.map((g) => ({ amount: Number(g.amount), grantDate: g.grant_date, writeDownYears: g.write_down_years as WriteDownYears })),
      on,
    );
  }

  private async maintainedCounts(kommunenummer: string | null): Promise<PortfolioCounts> {
    const { rows } = await this.pool.query<{ dimension: string; value: string; count: number }>(
      `SELECT dimension, value, sum(dwellings)::int AS count FROM portfolio_counts
       WHERE $1::text IS NULL OR kommunenummer = $1
       GROUP BY dimension, value ORDER BY dimension, value`,
      [kommunenummer],
    );
    const d = PORTFOLIO_COUNT_DIMENSIONS;
    const single = (dimension: string) => rows.find((r) => r.dimension === dimension)?.count ?? 0;
    const grouped = (dimension: string) => rows.filter((r) => r.dimension === dimension).map((r) => ({ value: r.value, count: r.count }));
    return countsFrom(single(d.all), single(d.wheelchairAccessible), single(d.buildings), grouped(d.dwellingType), grouped(d.ownership), grouped(d.status));
  }

  /** The same counts as aggregates over the dwellings, now or as known at `asOf`. */
  private async aggregatedCounts(kommunenummer: string | null, asOf?: AsOf): Promise<PortfolioCounts> {
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
    const [totals, byType, byOwnership, byStatus] = await Promise.all([
      this.pool.query<{ total: number; accessible: number; buildings: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE wheelchair_accessible)::int AS accessible,
                count(DISTINCT building_key)::int AS buildings
         FROM ${dwellings} WHERE ${inPortfolio}`,
        params,
      ),
      grouped('dwelling_type'),
      grouped('ownership'),
      grouped('status'),
    ]);
    const t = totals.rows[0]!;
    return countsFrom(t.total, t.accessible, t.buildings, byType, byOwnership, byStatus);
  }
}

function countsFrom(
  total: number,
  accessible: number,
  buildings: number,
  byType: PortfolioCounts['byType'],
  byOwnership: PortfolioCounts['byOwnership'],
  byStatus: PortfolioCounts['byStatus'],
): PortfolioCounts {
  return {
    dwellingsInPortfolio: total,
    byType,
    byOwnership,
    byStatus,
    wheelchairAccessible: accessible,
    wheelchairAccessibleShare: total === 0 ? 0 : accessible / total,
    buildings,
  };
}
