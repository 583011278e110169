import type pg from 'pg';
import type { ApplicationRow, ApplicationsReadModel } from '../applications.read-model.js';
import type { AsOf } from '../../projections/valid-time-history.js';
import type { WaitingListEntry } from './waiting-list-entry.js';
import { orderedWaitingList, pageOfOrderedWaitingList, type OrderedWaitingList, type WaitingListPosition } from './waiting-list-order.js';
import type { WaitingListRules } from './waiting-list-rules.js';

export interface WaitingListPage {
  positions: WaitingListPosition[];
  total: number;
  /** The application rows of the households on the page. */
  rows: Map<string, ApplicationRow>;
}

/** The applications read model's live generation and checkpoint: the same key means the same rows. */
const LIVE = `SELECT generation || ':' || position AS key FROM projection_generations WHERE name = 'applications' AND status = 'live'`;

/** The columns the ordering rules look at, for every household on the list. */
const ENTRY_COLUMNS = `application_id, urgency, housing_situation, categories, household_size, children,
  (needs->>'wheelchairAccessible')::boolean AS wheelchair_accessible, waiting_since`;

interface KeptOrder {
  key: string;
  rulesJson: string;
  list: OrderedWaitingList;
  pages: Map<string, { positions: WaitingListPosition[]; total: number }>;
}

const PAGES_KEPT = 32;

interface EntryRow {
  key: string | null;
  application_id: string | null;
  urgency: WaitingListEntry['urgency'];
  housing_situation: WaitingListEntry['housingSituation'];
  categories: WaitingListEntry['categories'];
  household_size: number;
  children: number;
  wheelchair_accessible: boolean | null;
  waiting_since: string;
}

/**
 * The waiting list, ordered by the configured rules (waiting-list-order.ts). The order depends only
 * on the applications read model's rows, which change only together with its checkpoint (in the
 * projection's batch transaction), so the sorted list is kept under the key "live generation and
 * checkpoint" and a page is answered from it with one query for the page's rows. That query reads
 * the key in the same statement (one snapshot): when the read model has moved on, the order is read
 * again, so a page never mixes two states. As known at an earlier instant (`asOf`), the list is read
 * and ordered from the history tables each time.
 */
export class WaitingListReadModel {
  private kept: KeptOrder | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly applications: ApplicationsReadModel,
  ) {}

  async page(rules: WaitingListRules, from: number, count: number, asOf?: AsOf): Promise<WaitingListPage> {
    if (asOf !== undefined) return this.pageAsOf(rules, from, count, asOf);
    const rulesJson = JSON.stringify(rules);
    for (let attempt = 0; attempt < 5; attempt++) {
      const kept = this.kept !== undefined && this.kept.rulesJson === rulesJson ? this.kept : await this.order(rules, rulesJson);
      const { positions, total } = this.pageOf(kept, from, count);
      const { key, rows } = await this.rowsNow(positions.map((p) => p.applicationId));
      if (key === kept.key) return { positions, total, rows };
      this.kept = undefined;
    }
    // The read model moved on between every two reads: order and page in one statement, as a time-travel read does.
    return this.pageAsOf(rules, from, count);
  }

  /** Reads the list's entries and the key they belong to in one statement, and keeps them sorted. */
  /** Places and reasons of a page, computed once per kept order (the first pages are asked for again and again). */
  private pageOf(kept: KeptOrder, from: number, count: number): { positions: WaitingListPosition[]; total: number } {
    const key = `${from}:${count}`;
    let page = kept.pages.get(key);
    if (!page) {
      page = pageOfOrderedWaitingList(kept.list, from, count);
      if (kept.pages.size >= PAGES_KEPT) kept.pages.delete(kept.pages.keys().next().value!);
      kept.pages.set(key, page);
    }
    return page;
  }

  private async order(rules: WaitingListRules, rulesJson: string): Promise<KeptOrder> {
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT live.key, w.* FROM (${LIVE}) AS live
       LEFT JOIN (SELECT ${ENTRY_COLUMNS} FROM applications WHERE status = 'approved' AND waiting_since IS NOT NULL) AS w ON true`,
    );
    const key = rows[0]?.key ?? 'none';
    const entries: WaitingListEntry[] = rows
      .filter((r) => r.application_id !== null)
      .map((r) => ({
        applicationId: r.application_id!,
        urgency: r.urgency,
        housingSituation: r.housing_situation,
        categories: r.categories,
        household: { size: r.household_size, children: r.children },
        needs: { wheelchairAccessible: r.wheelchair_accessible === true },
        waitingSince: r.waiting_since,
      }));
    this.kept = { key, rulesJson, list: orderedWaitingList(entries, rules), pages: new Map() };
    return this.kept;
  }

  private async rowsNow(ids: string[]): Promise<{ key: string; rows: Map<string, ApplicationRow> }> {
    const { rows } = await this.pool.query<ApplicationRow & { key: string | null }>(
      `SELECT live.key, a.* FROM (${LIVE}) AS live LEFT JOIN applications a ON a.application_id = ANY($1::text[])`,
      [ids],
    );
    return {
      key: rows[0]?.key ?? 'none',
      rows: new Map(rows.filter((r) => r.application_id !== null).map((r) => [r.application_id, r])),
    };
  }

  private async pageAsOf(rules: WaitingListRules, from: number, count: number, asOf?: AsOf): Promise<WaitingListPage> {
    const entries = await this.applications.waitingListEntries(asOf);
    const { positions, total } = pageOfOrderedWaitingList(orderedWaitingList(entries, rules), from, count);
    const byId = new Map(entries.map((e) => [e.applicationId, e.row]));
    return { positions, total, rows: new Map(positions.map((p) => [p.applicationId, byId.get(p.applicationId)!])) };
  }
}
