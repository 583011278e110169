import type pg from 'pg';
import { addDays } from '../applications/calendar-arithmetic.js';

export interface LeaseRow {
  lease_id: string;
  household_id: string;
  member_ids: string[];
  dwelling_id: string;
  origin: string;
  offer_id: string | null;
  application_id: string | null;
  contract_type: string;
  signed_on: string;
  start_date: string;
  end_date: string | null;
  term_legal_basis: string | null;
  temporary_housing_aim_end_date: string | null;
  monthly_rent: number;
  security_kind: string;
  security_amount: number | null;
  guarantor: string | null;
  previous_lease_id: string | null;
  status: string;
  notice_given_by: string | null;
  notice_given_on: string | null;
  notice_effective_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  eviction_enforced_on: string | null;
  transfer_lease_id: string | null;
  sort_key: string;
}

export interface LeaseListFilter {
  status?: string;
  statuses?: string[];
  householdId?: string;
  dwellingId?: string;
  contractType?: string;
  endReason?: string;
  endingFrom?: string;
  endingTo?: string;
}

/** Queries on the leases read model (leases.projection.ts). Pages are keyset pages on (sort key, lease id). */
export class LeasesReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async byId(leaseId: string): Promise<LeaseRow | null> {
    const { rows } = await this.pool.query<LeaseRow>(`SELECT *, start_date::text AS sort_key FROM leases WHERE lease_id = $1`, [leaseId]);
    return rows[0] ?? null;
  }

  /** `sortBy` start_date (default) or end_date (the renewal queue). */
  async page(filter: LeaseListFilter, afterKey: string | undefined, first: number, sortBy: 'start_date' | 'end_date' = 'start_date') {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.statuses) add('status = ANY(?)', filter.statuses);
    if (filter.householdId) add('household_id = ?', filter.householdId);
    if (filter.dwellingId) add('dwelling_id = ?::uuid', filter.dwellingId);
    if (filter.contractType) add('contract_type = ?', filter.contractType);
    if (filter.endReason) add('end_reason = ?', filter.endReason);
    if (filter.endingFrom) add('end_date >= ?::date', filter.endingFrom);
    if (filter.endingTo) add('end_date <= ?::date', filter.endingTo);
    const sortKey = `coalesce(${sortBy}::text, '9999-12-31') || '|' || lease_id::text`;
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM leases ${whereSql}`, params);
    const pageParams = [...params];
    let pageWhere = whereSql;
    if (afterKey !== undefined) {
      pageParams.push(afterKey);
      pageWhere = `${whereSql ? `${whereSql} AND` : 'WHERE'} ${sortKey} > $${pageParams.length}`;
    }
    pageParams.push(first + 1);
    const { rows } = await this.pool.query<LeaseRow>(
      `SELECT *, ${sortKey} AS sort_key FROM leases ${pageWhere} ORDER BY ${sortKey} LIMIT $${pageParams.length}`,
      pageParams,
    );
    return { rows, total: total.rows[0]!.n };
  }

  /** The renewal work queue: running time-limited leases whose end date falls within `days` days after `asOf`. */
  endingWithin(asOf: string, days: number, afterKey: string | undefined, first: number) {
    return this.page({ statuses: ['active', 'under-notice'], endingFrom: asOf, endingTo: addDays(asOf, days) }, afterKey, first, 'end_date');
  }

  rentChanges(leaseId: string) {
    return this.pool
      .query(`SELECT adjusted_on::text, effective_from::text, previous_rent, new_rent, basis, index_reference FROM lease_rent_changes WHERE lease_id = $1 ORDER BY position`, [leaseId])
      .then((r) => r.rows);
  }

  renewals(leaseId: string) {
    return this.pool
      .query(
        `SELECT previous_end_date::text, new_end_date::text, decided_on::text, notified_on::text, appeal_deadline::text, legal_basis, reasons
         FROM lease_renewals WHERE lease_id = $1 ORDER BY position`,
        [leaseId],
      )
      .then((r) => r.rows);
  }

  /** Evictions by the month they were enforced. */
  async evictions(from: string, to: string): Promise<{ total: number; perMonth: Array<{ month: string; evictions: number }> }> {
    const { rows } = await this.pool.query<{ month: string; evictions: number }>(
      `SELECT to_char(eviction_enforced_on, 'YYYY-MM') AS month, count(*)::int AS evictions FROM leases
       WHERE end_reason = 'eviction' AND eviction_enforced_on BETWEEN $1::date AND $2::date GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    return { total: rows.reduce((n, r) => n + r.evictions, 0), perMonth: rows };
  }
}
