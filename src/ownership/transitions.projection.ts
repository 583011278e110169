import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { DwellingSold } from '../portfolio/dwelling/dwelling.events.js';
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
  version: 1,
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
    for (const recorded of events) {
      const position = recorded.position.toString();
      if (recorded.type === 'DwellingSold') {
        const d = recorded.data as DwellingSold['data'];
        if (d.buyer === 'sitting-tenant') {
          await client.query(`INSERT INTO ${tables.dwellings_sold_to_tenants} VALUES ($1,$2,$3,$4)`, [d.dwellingId, d.soldOn, d.price, d.grantOutstanding]);
        }
        continue;
      }
      const event = { type: recorded.type, data: recorded.data } as TransitionEvent;
      const t = tables.ownership_transitions;
      switch (event.type) {
        case 'TransitionStarted': {
          const d = event.data;
          await client.query(
            `INSERT INTO ${t} (transition_id, household_id, lease_id, dwelling_id, plan, status, started_on, position) VALUES ($1,$2,$3,$4,$5,'started',$6,$7)`,
            [d.transitionId, d.householdId, d.leaseId, d.dwellingId, d.plan, d.startedOn, position],
          );
          break;
        }
        case 'TransitionPlanChanged':
          await client.query(`UPDATE ${t} SET plan = $2, position = $3 WHERE transition_id = $1`, [event.data.transitionId, event.data.plan, position]);
          break;
        case 'FinancialCounsellingRecorded':
          await client.query(
            `UPDATE ${t} SET counselling_sessions = counselling_sessions + 1, last_counselled_on = GREATEST(last_counselled_on, $2::date), position = $3 WHERE transition_id = $1`,
            [event.data.transitionId, event.data.counselledOn, position],
          );
          break;
        case 'StartlanGranted': {
          const d = event.data;
          await client.query(`UPDATE ${t} SET startlan_total = startlan_total + $2, position = $3 WHERE transition_id = $1`, [d.transitionId, d.amount, position]);
          await client.query(
            `INSERT INTO ${tables.startlan_loans} SELECT $1, $2, household_id, $3, $4, $5 FROM ${t} WHERE transition_id = $1`,
            [d.transitionId, d.loanReference, d.amount, d.grantedOn, d.husbankenReportedOn],
          );
          break;
        }
        case 'OtherFinancingRecorded':
          await client.query(`UPDATE ${t} SET other_financing_total = other_financing_total + $2, position = $3 WHERE transition_id = $1`, [
            event.data.transitionId,
            event.data.amount,
            position,
          ]);
          break;
        case 'TransitionCompleted':
          await client.query(`UPDATE ${t} SET status = 'completed', purchased_on = $2, price = $3, position = $4 WHERE transition_id = $1`, [
            event.data.transitionId,
            event.data.purchasedOn,
            event.data.price,
            position,
          ]);
          break;
        case 'TransitionAbandoned':
          await client.query(`UPDATE ${t} SET status = 'abandoned', abandoned_on = $2, abandon_reason = $3, position = $4 WHERE transition_id = $1`, [
            event.data.transitionId,
            event.data.abandonedOn,
            event.data.reason,
            position,
          ]);
          break;
        case 'TransitionFollowUpFailed':
          await client.query(`UPDATE ${t} SET follow_up_failure = $2, position = $3 WHERE transition_id = $1`, [
            event.data.transitionId,
            `${event.data.step}: ${event.data.code}: ${event.data.message}`,
            position,
          ]);
          break;
      }
    }
  },
};
