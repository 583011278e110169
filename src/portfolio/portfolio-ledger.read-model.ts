import type pg from 'pg';

export interface LedgerRow {
  position: string;
  dwelling_id: string;
  entry: string;
  entry_date: string;
  method: string | null;
  amount: string | null;
  grant_amount: string | null;
  grant_outstanding: string | null;
  grant_settlement: unknown;
  district: string;
}

/** What entered and left the portfolio between two dates (both included), oldest first. */
export class PortfolioLedgerReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async between(from: string, to: string, kommunenummer: string | null) {
    const { rows } = await this.pool.query<LedgerRow>(
      `SELECT position::text, dwelling_id, entry, entry_date, method, amount::text, grant_amount::text, grant_outstanding::text,
              grant_settlement, district
       FROM portfolio_ledger
       WHERE entry_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR kommunenummer = $3)
       ORDER BY entry_date, portfolio_ledger.position`,
      [from, to, kommunenummer],
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    const entries = rows.map((r) => ({
      position: BigInt(r.position),
      dwellingId: r.dwelling_id,
      entry: r.entry.toUpperCase().replace(/-/g, '_'),
      date: r.entry_date,
      method: r.method === null ? null : r.method.toUpperCase().replace(/-/g, '_'),
      amount: num(r.amount),
      grantAmount: num(r.grant_amount),
      grantOutstanding: num(r.grant_outstanding),
      grantSettlement: r.grant_settlement === null ? null : JSON.stringify(r.grant_settlement),
      district: r.district,
    }));
    const sold = rows.filter((r) => r.entry === 'sold');
    return {
      from,
      to,
      entries,
      acquired: rows.filter((r) => r.entry === 'acquired').length,
      sold: sold.length,
      salesProceeds: sold.reduce((sum, r) => sum + Number(r.amount ?? 0), 0),
      grantRepaid: sold.reduce((sum, r) => sum + repaid(r.grant_settlement), 0),
    };
  }
}

function repaid(settlement: unknown): number {
  if (settlement && typeof settlement === 'object' && (settlement as { kind?: string }).kind === 'repayment') {
    return Number((settlement as { amount?: number }).amount ?? 0);
  }
  return 0;
}
