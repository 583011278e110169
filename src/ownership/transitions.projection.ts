import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { DwellingSold } from '../portfolio/dwelling/dwelling.events.js';
import { AppendRows, BatchRows, type Row } from '../projections/batch/batch-rows.js';
import { idKey } from '../projections/batch/uuid-key.js';
import type { Projection } from '../projections/projection.js';
import type { TransitionEvent } from './transition/transition.events.js';
import { TRANSITION_EVENT_TYPES } from './transition/transition.events.js';

type Tables = 'ownership_transitions' | 'startlan_loans' | 'dwellings_sold_to_tenants';

/**
 * Tenant to owner: one row per transition with its plan, status and financing; every startlån
 * granted (reported to Husbanken); and every dwelling sold to its sitting tenant (from the
 * portfolio's DwellingSold, whether or not a transition was recorded). The yearly KPI is a query:
 * households into ownership by completion year, startlån volume by grant year, dwellings sold to
 * tenants by sale year.
 */
export const transitionsProjection: Projection<Tables> = {
  name: 'ownership_transitions',
  version: 2,
  eventTypes: [...TRANSITION_EVENT_TYPES, 'DwellingSold'],
  tables: {
    ownership_transitions: (t) => `
      CREATE TABLE ${t} (
        transition_id uuid PRIMARY KEY,
        household_id text NOT NULL,
        lease_id uuid NOT NULL,
        dwelling_id uuid NOT NULL,
        plan text NOT NULL,
        status text NOT NULL,
        started_on date NOT NULL,
        counselling_sessions integer NOT NULL DEFAULT 0,
        last_counselled_on date,
        startlan_total bigint NOT NULL DEFAULT 0,
        other_financing_total bigint NOT NULL DEFAULT 0,
        purchased_on date,
        price bigint,
        abandoned_on date,
        abandon_reason text,
        follow_up_failure text,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (status, transition_id);
      CREATE INDEX ON ${t} (household_id);`,
    startlan_loans: (t) => `
      CREATE TABLE ${t} (
        transition_id uuid NOT NULL,
        loan_reference text NOT NULL,
        household_id text NOT NULL,
        amount bigint NOT NULL,
        granted_on date NOT NULL,
        husbanken_reported_on date,
        PRIMARY KEY (transition_id, loan_reference)
      );`,
    dwellings_sold_to_tenants: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid PRIMARY KEY,
        sold_on date NOT NULL,
        price bigint NOT NULL,
        grant_outstanding bigint NOT NULL
      );`,
  },
  async apply(client, tables, events: readonly RecordedEvent[]) {
    // A batch costs the same few statements whatever its size: the transitions (and their loans) it
    // names are loaded in one query per table, the events applied in memory in log order, and each
    // table written once at the end.
    const transitions = new BatchRows(tables.ownership_transitions, ['transition_id']);
    const loans = new BatchRows(tables.startlan_loans, ['transition_id', 'loan_reference']);
    const soldToTenants = new AppendRows(tables.dwellings_sold_to_tenants);
    const ids = events.map((e) => (e.type === 'DwellingSold' ? null : idKey((e.data as { transitionId?: unknown }).transitionId)));
    await transitions.load(client, ids.filter((id): id is string => id !== null));
    await loans.load(client, ids.filter((id, i): id is string => id !== null && (events[i]!.type === 'StartlanGranted' || events[i]!.type === 'StartlanReportedToHusbanken')));
    for (const [i, recorded] of events.entries()) {
      const position = recorded.position.toString();
      if (recorded.type === 'DwellingSold') {
        const d = recorded.data as DwellingSold['data'];
        if (d.buyer === 'sitting-tenant') {
          soldToTenants.add({ dwelling_id: d.dwellingId, sold_on: d.soldOn, price: d.price, grant_outstanding: d.grantOutstanding });
        }
        continue;
      }
      const event = { type: recorded.type, data: recorded.data } as TransitionEvent;
      const id = ids[i]!;
      if (id === null) {
        // No transition id: the INSERT failed on transition_id NOT NULL; an UPDATE of transition_id = NULL touched nothing.
        if (event.type === 'TransitionStarted') throw new Error(`null value in column "transition_id" of relation "${tables.ownership_transitions}" violates not-null constraint`);
        continue;
      }
      // The transition's row before this event; an UPDATE of a transition that has no row changes nothing, nor does `update`.
      const row = transitions.one(id);
      const update = (changes: Row) => transitions.update(id, [id], { ...changes, position });
      switch (event.type) {
        case 'TransitionStarted': {
          const d = event.data;
          // The INSERT had no ON CONFLICT: a second start of one transition fails the event, as before.
          if (row) throw new Error(`duplicate key value violates unique constraint: transition ${id} is already in ${tables.ownership_transitions}`);
          transitions.put({
            transition_id: id,
            household_id: d.householdId,
            lease_id: d.leaseId,
            dwelling_id: d.dwellingId,
            plan: d.plan,
            status: 'started',
            started_on: d.startedOn,
            // The columns' defaults.
            counselling_sessions: 0,
            last_counselled_on: null,
            startlan_total: '0',
            other_financing_total: '0',
            purchased_on: null,
            price: null,
            abandoned_on: null,
            abandon_reason: null,
            follow_up_failure: null,
            position,
          });
          break;
        }
        case 'TransitionPlanChanged':
          update({ plan: event.data.plan });
          break;
        case 'FinancialCounsellingRecorded':
          if (row) {
            update({
              counselling_sessions: (row.counselling_sessions as number) + 1,
              last_counselled_on: greatestDate(row.last_counselled_on as string | null, event.data.counselledOn),
            });
          }
          break;
        case 'StartlanGranted': {
          const d = event.data;
          if (!row) break; // neither the UPDATE nor the INSERT … SELECT FROM the transition finds a row
          update({ startlan_total: addToBigint(row.startlan_total as string, d.amount) });
          if (loans.get(id, id, d.loanReference)) {
            throw new Error(`duplicate key value violates unique constraint: startlån ${d.loanReference} of transition ${id} is already in ${tables.startlan_loans}`);
          }
          loans.put({
            transition_id: id,
            loan_reference: d.loanReference,
            household_id: row.household_id,
            amount: d.amount,
            granted_on: d.grantedOn,
            husbanken_reported_on: d.husbankenReportedOn,
          });
          break;
        }
        case 'OtherFinancingRecorded':
          if (row) update({ other_financing_total: addToBigint(row.other_financing_total as string, event.data.amount) });
          break;
        case 'TransitionCompleted':
          update({ status: 'completed', purchased_on: event.data.purchasedOn, price: event.data.price });
          break;
        case 'TransitionAbandoned':
          update({ status: 'abandoned', abandoned_on: event.data.abandonedOn, abandon_reason: event.data.reason });
          break;
        case 'StartlanReportedToHusbanken':
          // Changes the loan only (the transition's position stays).
          loans.update(id, [id, event.data.loanReference], { husbanken_reported_on: event.data.reportedOn });
          break;
        case 'TransitionFollowUpFailed':
          update({ follow_up_failure: `${event.data.step}: ${event.data.code}: ${event.data.message}` });
          break;
      }
    }
    await transitions.flush(client);
    await loans.flush(client);
    await soldToTenants.flush(client);
  },
};

/** GREATEST(a, b) of two dates: the later one, NULL only if both are (GREATEST ignores NULLs). ISO 'YYYY-MM-DD' compares as text. */
function greatestDate(a: string | null, b: string | null): string | null {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return b > a ? b : a;
}

/** `column + amount` on a bigint column, as PostgreSQL computes it: exact, and an error past the bigint range. */
function addToBigint(total: string, amount: number): string {
  const sum = BigInt(total) + BigInt(amount);
  if (sum > 9223372036854775807n || sum < -9223372036854775808n) throw new Error('bigint out of range');
  return sum.toString();
}
