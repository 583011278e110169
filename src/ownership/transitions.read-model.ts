import type pg from 'pg';

export interface TransitionRow {
  transition_id: string;
  household_id: string;
  lease_id: string;
  dwelling_id: string;
  plan: string;
  status: string;
  started_on: string;
  counselling_sessions: number;
  last_counselled_on: string | null;
  startlan_total: string;
  other_financing_total: string;
  purchased_on: string | null;
  price: string | null;
  abandoned_on: string | null;
  abandon_reason: string | null;
  follow_up_failure: string | null;
  sort_key: string;
}

export interface TenantToOwnerYear {
  year: number;
  householdsIntoOwnership: number;
  startlanCount: number;
  startlanVolume: number;
  dwellingsSoldToTenants: number;
}

/** Queries on the tenant-to-owner read model (transitions.projection.ts). */
export class TransitionsReadModel {
  constructor(private readonly pool: pg.Pool) {}

  private readonly sortKey = `started_on::text || '|' || transition_id::text`;

  async byId(id: string): Promise<TransitionRow | null> {
    const { rows } = await this.pool.query<TransitionRow>(`SELECT *, ${this.sortKey} AS sort_key FROM ownership_transitions WHERE transition_id = $1`, [id]);
    return rows[0] ?? null;
  }

  async page(status: string | undefined, afterKey: string | undefined, first: number) {
    const total = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ownership_transitions WHERE ($1::text IS NULL OR status = $1)`, [status ?? null]);
    const { rows } = await this.pool.query<TransitionRow>(
      `SELECT *, ${this.sortKey} AS sort_key FROM ownership_transitions
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR ${this.sortKey} > $2)
       ORDER BY ${this.sortKey} LIMIT $3`,
      [status ?? null, afterKey ?? null, first + 1],
    );
    return { rows, total: total.rows[0]!.n };
  }

  startlans(transitionId: string) {
    return this.pool
      .query(`SELECT loan_reference, amount::int AS amount, granted_on::text, husbanken_reported_on::text FROM startlan_loans WHERE transition_id = $1 ORDER BY granted_on, loan_reference`, [transitionId])
      .then((r) => r.rows);
  }

  /**
   * Per calendar year: households into ownership (distinct households whose transition completed
   * that year), startlån granted that year (count and NOK), dwellings sold to their sitting tenants.
   */
  async kpi(fromYear: number, toYear: number): Promise<TenantToOwnerYear[]> {
    const { rows } = await this.pool.query<{ year: number; households: number; loans: number; volume: string; sold: number }>(
      `SELECT y AS year,
         (SELECT count(DISTINCT household_id)::int FROM ownership_transitions WHERE status = 'completed' AND extract(year FROM purchased_on) = y) AS households,
         (SELECT count(*)::int FROM startlan_loans WHERE extract(year FROM granted_on) = y) AS loans,
         (SELECT coalesce(sum(amount), 0)::text FROM startlan_loans WHERE extract(year FROM granted_on) = y) AS volume,
         (SELECT count(*)::int FROM dwellings_sold_to_tenants WHERE extract(year FROM sold_on) = y) AS sold
       FROM generate_series($1::int, $2::int) AS y ORDER BY y`,
      [fromYear, toYear],
    );
    return rows.map((r) => ({ year: r.year, householdsIntoOwnership: r.households, startlanCount: r.loans, startlanVolume: Number(r.volume), dwellingsSoldToTenants: r.sold }));
  }
}
