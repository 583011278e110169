import type pg from 'pg';
import type { BackgroundCategory } from '../applications/background-category.js';
import type { ConcentrationCounts } from './concentration-cap.js';

export interface MeetingRow {
  meeting_id: string;
  held_on: string;
  members: string[];
  status: string;
  closed_on: string | null;
  actor: string;
}

export interface CommitteeDecisionRow {
  position: string;
  meeting_id: string;
  kind: string;
  offer_id: string | null;
  application_id: string;
  dwelling_id: string | null;
  reasons: string | null;
  actor: string;
}

export interface OfferRow {
  offer_id: string;
  application_id: string;
  dwelling_id: string;
  meeting_id: string;
  decided_on: string;
  offered_on: string;
  answer_by: string;
  legal_basis: string;
  reasons: string;
  list_position: number | null;
  list_reason: string | null;
  fit: { requiredBedrooms: number; dwellingBedrooms: number; inPreferredDistrict: boolean };
  concentration: unknown;
  override_justification: string | null;
  override_scopes: string[] | null;
  status: string;
  answered_on: string | null;
  decline_reason: string | null;
  actor: string;
  answered_by: string | null;
}

export interface OfferFilter {
  status?: string | null;
  applicationId?: string | null;
  dwellingId?: string | null;
  meetingId?: string | null;
  overriddenOnly?: boolean | null;
  /** Accepted offers whose lease is not signed yet: the application is still under the offer (not housed, not back on the list). */
  awaitingLease?: boolean | null;
}

/** Reads the allocations read model (allocations.projection.ts) and, for the cap, the dwellings read model. */
export class AllocationsReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async meeting(meetingId: string): Promise<MeetingRow | null> {
    const { rows } = await this.pool.query<MeetingRow>(`SELECT * FROM committee_meetings WHERE meeting_id = $1`, [meetingId]);
    return rows[0] ?? null;
  }

  async meetings(afterKey: string | undefined, limit: number): Promise<{ rows: MeetingRow[]; total: number }> {
    // Newest first; the cursor is 'heldOn|meetingId'.
    const [heldOn, meetingId] = afterKey ? afterKey.split('|') : [null, null];
    const page = await this.pool.query<MeetingRow>(
      `SELECT * FROM committee_meetings WHERE ($1::date IS NULL OR (held_on, meeting_id) < ($1::date, $2::text))
       ORDER BY held_on DESC, meeting_id DESC LIMIT $3`,
      [heldOn ?? null, meetingId ?? null, limit + 1],
    );
    const count = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM committee_meetings`);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  async decisions(meetingId: string): Promise<CommitteeDecisionRow[]> {
    const { rows } = await this.pool.query<CommitteeDecisionRow>(
      `SELECT d.position::text AS position, d.meeting_id, d.kind, d.offer_id, d.application_id, d.dwelling_id, d.reasons, d.actor
       FROM committee_decisions d WHERE d.meeting_id = $1 ORDER BY d.position`,
      [meetingId],
    );
    return rows;
  }

  async offer(offerId: string): Promise<OfferRow | null> {
    const { rows } = await this.pool.query<OfferRow>(`SELECT * FROM offers WHERE offer_id = $1`, [offerId]);
    return rows[0] ?? null;
  }

  async offers(filter: OfferFilter, afterKey: string | undefined, limit: number): Promise<{ rows: OfferRow[]; total: number }> {
    const params = [filter.status ?? null, filter.applicationId ?? null, filter.dwellingId ?? null, filter.meetingId ?? null, filter.overriddenOnly ?? false, filter.awaitingLease ?? false];
    // Awaiting a lease: accepted, and the application still under this offer (the signing houses it;
    // an abandoned signing puts it back on the list), read from the applications read model.
    const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR application_id = $2) AND ($3::text IS NULL OR dwelling_id = $3)
      AND ($4::text IS NULL OR meeting_id = $4) AND (NOT $5::boolean OR override_justification IS NOT NULL)
      AND (NOT $6::boolean OR (status = 'accepted' AND EXISTS (
        SELECT 1 FROM applications a WHERE a.application_id = offers.application_id AND a.current_offer_id = offers.offer_id AND a.status = 'offered')))`;
    const page = await this.pool.query<OfferRow>(
      `SELECT * FROM offers WHERE ${where} AND ($7::text IS NULL OR offer_id > $7) ORDER BY offer_id LIMIT $8`,
      [...params, afterKey ?? null, limit + 1],
    );
    const count = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM offers WHERE ${where}`, params);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  /**
   * Expired offers whose reactions were cut short (a crash after the expiry was written): the
   * application still has the offer out, or the dwelling is still reserved and this is its latest
   * offer. Answering the expiry again completes them (AnswerOfferHandler writes nothing twice).
   */
  async unfinishedExpiries(): Promise<string[]> {
    const { rows } = await this.pool.query<{ offer_id: string }>(
      `SELECT o.offer_id FROM offers o
       WHERE o.status = 'expired' AND (
         EXISTS (SELECT 1 FROM applications a WHERE a.application_id::text = o.application_id AND a.current_offer_id = o.offer_id)
         OR (EXISTS (SELECT 1 FROM dwellings d WHERE d.dwelling_id::text = o.dwelling_id AND d.status = 'reserved')
             AND o.offer_id = (SELECT l.offer_id FROM offers l WHERE l.dwelling_id = o.dwelling_id ORDER BY l.position DESC LIMIT 1)))
       ORDER BY o.answer_by, o.offer_id`,
    );
    return rows.map((r) => r.offer_id);
  }

  /** Offers still waiting for an answer whose answer deadline passed before `asOf`. */
  async overdueOffers(asOf: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ offer_id: string }>(
      `SELECT offer_id FROM offers WHERE status = 'made' AND answer_by < $1::date ORDER BY answer_by, offer_id`,
      [asOf],
    );
    return rows.map((r) => r.offer_id);
  }

  /**
   * The counts the concentration cap needs for a dwelling's building and district: the dwellings
   * in the portfolio there, and those offered to or let to households in a capped category
   * (placements 'offered' or 'accepted'). The dwelling being offered is left out of the second
   * count: it is available, so no placement of it is current.
   */
  async concentrationCounts(dwellingId: string, buildingKey: string, district: string, capped: readonly BackgroundCategory[]): Promise<ConcentrationCounts> {
    const { rows } = await this.pool.query<{ scope: string; dwellings: number; capped: number }>(
      `WITH portfolio AS (
         SELECT dwelling_id::text AS dwelling_id, building_key, district FROM dwellings WHERE status NOT IN ('sold', 'lease-in-ended')
       ), placed AS (
         SELECT DISTINCT p.dwelling_id FROM allocation_placements p
         WHERE p.status IN ('offered', 'accepted') AND p.categories && $4::text[] AND p.dwelling_id <> $1
       )
       SELECT 'building' AS scope, count(*)::int AS dwellings, count(placed.dwelling_id)::int AS capped
         FROM portfolio LEFT JOIN placed USING (dwelling_id) WHERE building_key = $2
       UNION ALL
       SELECT 'district', count(*)::int, count(placed.dwelling_id)::int
         FROM portfolio LEFT JOIN placed USING (dwelling_id) WHERE district = $3`,
      [dwellingId, buildingKey, district, capped],
    );
    const of = (scope: string) => {
      const r = rows.find((x) => x.scope === scope);
      const dwellings = Math.max(r?.dwellings ?? 1, 1);
      // The offered dwelling is in the count of dwellings and never among the capped ones.
      return { dwellings, inCappedCategories: Math.min(r?.capped ?? 0, dwellings - 1) };
    };
    return { building: { buildingKey, ...of('building') }, district: { district, ...of('district') } };
  }
}
