import type pg from 'pg';
import { asOfParameter, tableAsOf, type AsOf } from '../projections/valid-time-history.js';
import type { BackgroundCategory } from './background-category.js';
import type { HousingNeeds } from './housing-needs.js';
import type { HousingSituation } from './housing-situation.js';
import type { SealedPersonRecord } from './personal-data.js';
import type { Urgency } from './urgency.js';
import type { WaitingListEntry } from './waiting-list/waiting-list-entry.js';

export interface ApplicationRow {
  application_id: string;
  kind: string;
  current_lease_id: string | null;
  submitted_on: string;
  applicant_id: string;
  member_ids: string[];
  household_size: number;
  children: number;
  housing_situation: HousingSituation;
  categories: BackgroundCategory[];
  refugee: boolean;
  substance_abuse_or_mental_illness: boolean;
  needs_adapted_dwelling: boolean;
  refugee_arrival_date: string | null;
  needs: HousingNeeds;
  preferred_districts: string[];
  urgency: Urgency;
  personal_data: SealedPersonRecord[];
  status: string;
  decision_outcome: string | null;
  decided_on: string | null;
  notified_on: string | null;
  appeal_deadline: string | null;
  appeal_received_on: string | null;
  appeal_in_time: boolean | null;
  appeal_outcome: string | null;
  approved_on: string | null;
  valid_from: string | null;
  validity_months: number | null;
  waiting_since: string | null;
  current_offer_id: string | null;
  current_dwelling_id: string | null;
  offered_on: string | null;
  offers_declined: number;
  offers_expired: number;
  offer_accepted_on: string | null;
  accepted_offer_id: string | null;
  waiting_days: number | null;
  closed_on: string | null;
  revision: string;
  position: string;
}

export interface HistoryRow {
  position: string;
  application_id: string;
  event_type: string;
  occurred_on: string | null;
  actor: string;
  role: string;
  details: Record<string, unknown>;
}

export interface ApplicationFilter {
  status?: string | null;
  category?: string | null;
  /** A district the household prefers (the area it applies for). */
  area?: string | null;
  kind?: string | null;
}

/** Reads the applications read model (applications.projection.ts). */
export class ApplicationsReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async byId(applicationId: string): Promise<ApplicationRow | null> {
    const { rows } = await this.pool.query<ApplicationRow>(`SELECT * FROM applications WHERE application_id = $1`, [applicationId]);
    return rows[0] ?? null;
  }

  async page(filter: ApplicationFilter, afterKey: string | undefined, limit: number): Promise<{ rows: ApplicationRow[]; total: number }> {
    const params: unknown[] = [filter.status ?? null, filter.category ?? null, filter.area ?? null, filter.kind ?? null];
    const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR $2 = ANY(categories))
      AND ($3::text IS NULL OR $3 = ANY(preferred_districts)) AND ($4::text IS NULL OR kind = $4)`;
    const page = await this.pool.query<ApplicationRow>(
      `SELECT * FROM applications WHERE ${where} AND ($5::text IS NULL OR application_id > $5) ORDER BY application_id LIMIT $6`,
      [...params, afterKey ?? null, limit + 1],
    );
    const count = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications WHERE ${where}`, params);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  async history(applicationId: string): Promise<HistoryRow[]> {
    const { rows } = await this.pool.query<HistoryRow>(
      // Ordered by the number, not by its text (an output column named position would sort as text).
      `SELECT h.position::text AS position, h.application_id, h.event_type, h.occurred_on, h.actor, h.role, h.details
       FROM application_history h WHERE h.application_id = $1 ORDER BY h.position`,
      [applicationId],
    );
    return rows;
  }

  /** Every household on the waiting list now (approved, no offer out), or as the log knew it at `asOf`. */
  async waitingListEntries(asOf?: AsOf): Promise<Array<WaitingListEntry & { row: ApplicationRow }>> {
    const { rows } = await this.pool.query<ApplicationRow>(
      `SELECT * FROM ${tableAsOf('applications', asOf, 1)} WHERE status = 'approved' AND waiting_since IS NOT NULL`,
      asOf === undefined ? [] : [asOfParameter(asOf)],
    );
    return rows.map((row) => ({
      applicationId: row.application_id,
      urgency: row.urgency,
      housingSituation: row.housing_situation,
      categories: row.categories,
      household: { size: row.household_size, children: row.children },
      needs: { wheelchairAccessible: row.needs.wheelchairAccessible },
      waitingSince: row.waiting_since!,
      row,
    }));
  }

  /**
   * Approvals on the list whose validity has run out by `asOf` (validFrom + its period ≤ asOf), for
   * expiry; `policyMonths` is the period of approvals granted without one recorded (validityOf).
   */
  async approvalsDueToExpire(asOf: string, policyMonths: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ application_id: string }>(
      `SELECT application_id FROM applications
       WHERE status = 'approved' AND valid_from IS NOT NULL AND (valid_from + make_interval(months => coalesce(validity_months, $2)))::date <= $1::date
       ORDER BY application_id`,
      [asOf, policyMonths],
    );
    return rows.map((r) => r.application_id);
  }
}
