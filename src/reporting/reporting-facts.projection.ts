import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import type { DwellingEvent } from '../portfolio/dwelling/dwelling.events.js';
import type { DwellingDescription } from '../portfolio/dwelling/dwelling-description.js';
import type { ApplicationEvent } from '../applications/application/application.events.js';
import type { LeaseEnded, LeaseSigned } from '../leases/lease/lease.events.js';
import type { StartlanGranted, TransitionCompleted, TransitionStarted } from '../ownership/transition/transition.events.js';

type Tables =
  | 'rpt_dwellings'
  | 'rpt_dwelling_versions'
  | 'rpt_grants'
  | 'rpt_applications'
  | 'rpt_decisions'
  | 'rpt_waiting'
  | 'rpt_leases'
  | 'rpt_transitions'
  | 'rpt_startlan';

/**
 * The dated facts the KOSTRA / Husbanken report is computed from. Every row carries the log
 * position of the event that made it (and a fact that is closed later, e.g. a dwelling leaving the
 * portfolio, carries the closing event's position beside its date), so a report computed "as of
 * position P" simply ignores what came after P: the same position always gives the same figures.
 * Rows are only inserted or closed, never overwritten; a correction is a new version row.
 */
export const reportingFactsProjection: Projection<Tables> = {
  name: 'reporting-facts',
  version: 1,
  eventTypes: [
    'DwellingRegistered',
    'DwellingAcquired',
    'RentalHousingGrantRecorded',
    'DwellingSold',
    'LeaseInEnded',
    'DwellingDetailsUpdated',
    'ApplicationSubmitted',
    'ApplicationDecided',
    'AppealDecided',
    'ApplicationWithdrawn',
    'ApprovalExpired',
    'ApprovalRenewed',
    'ApplicantHoused',
    'LeaseSigned',
    'LeaseEnded',
    'TransitionStarted',
    'TransitionCompleted',
    'StartlanGranted',
  ],
  tables: {
    // One row per dwelling: when it entered and (once) left the portfolio.
    rpt_dwellings: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid PRIMARY KEY,
        entered_on date NOT NULL,
        entered_position bigint NOT NULL,
        acquisition_method text,
        left_on date,
        left_position bigint,
        left_how text,
        sale_buyer text,
        sale_settlement_kind text,
        sale_repayment bigint
      );
      CREATE INDEX ON ${t} (entered_on);
      CREATE INDEX ON ${t} (left_on);`,
    // The description fields the report needs, one row per registration or correction.
    rpt_dwelling_versions: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid NOT NULL,
        position bigint NOT NULL,
        effective_on date NOT NULL,
        kommunenummer text NOT NULL,
        unit_key text NOT NULL,
        ownership text NOT NULL,
        wheelchair_accessible boolean NOT NULL,
        PRIMARY KEY (dwelling_id, position)
      );`,
    rpt_grants: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid NOT NULL,
        position bigint NOT NULL,
        amount bigint NOT NULL,
        grant_date date NOT NULL,
        write_down_years integer NOT NULL,
        given_with text NOT NULL,
        PRIMARY KEY (dwelling_id, position)
      );`,
    rpt_applications: (t) => `
      CREATE TABLE ${t} (
        application_id uuid PRIMARY KEY,
        position bigint NOT NULL,
        kind text NOT NULL,
        submitted_on date NOT NULL,
        refugee_arrival_date date,
        substance_or_mental boolean NOT NULL,
        adapted_dwelling boolean NOT NULL
      );
      CREATE INDEX ON ${t} (submitted_on);`,
    // First-instance decisions and appeal decisions, each dated.
    rpt_decisions: (t) => `
      CREATE TABLE ${t} (
        application_id uuid NOT NULL,
        position bigint NOT NULL,
        step text NOT NULL,
        outcome text NOT NULL,
        decided_on date NOT NULL,
        PRIMARY KEY (application_id, position)
      );
      CREATE INDEX ON ${t} (decided_on);`,
    // Waiting-list membership: from approval (or revival) to housed, withdrawn or expired.
    rpt_waiting: (t) => `
      CREATE TABLE ${t} (
        application_id uuid NOT NULL,
        from_on date NOT NULL,
        from_position bigint NOT NULL,
        to_on date,
        to_position bigint,
        to_reason text,
        PRIMARY KEY (application_id, from_position)
      );`,
    rpt_leases: (t) => `
      CREATE TABLE ${t} (
        lease_id uuid PRIMARY KEY,
        position bigint NOT NULL,
        household_id text NOT NULL,
        dwelling_id uuid NOT NULL,
        application_id uuid,
        contract_type text NOT NULL,
        start_date date NOT NULL,
        previous_lease_id uuid,
        ended_on date,
        ended_position bigint,
        end_reason text,
        eviction_enforced_on date
      );
      CREATE INDEX ON ${t} (start_date);
      CREATE INDEX ON ${t} (ended_on);`,
    rpt_transitions: (t) => `
      CREATE TABLE ${t} (
        transition_id uuid PRIMARY KEY,
        position bigint NOT NULL,
        household_id text NOT NULL,
        dwelling_id uuid NOT NULL,
        completed_on date,
        completed_position bigint,
        completed_plan text
      );`,
    rpt_startlan: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        transition_id uuid NOT NULL,
        loan_reference text NOT NULL,
        amount bigint NOT NULL,
        granted_on date NOT NULL
      );`,
  },
  async apply(client, tables, events) {
    for (const recorded of events) await applyOne(client, tables, recorded);
  },
};

export function unitKey(d: Pick<DwellingDescription, 'matrikkel' | 'bruksenhetsnummer'>): string {
  const m = d.matrikkel;
  return `${m.kommunenummer}-${m.gardsnummer}/${m.bruksnummer}/${m.festenummer ?? 0}/${m.seksjonsnummer ?? 0}:${d.bruksenhetsnummer}`;
}

async function applyOne(client: pg.PoolClient, t: TableNames<Tables>, recorded: RecordedEvent): Promise<void> {
  const pos = recorded.position.toString();
  switch (recorded.type) {
    case 'DwellingRegistered':
    case 'DwellingAcquired':
    case 'RentalHousingGrantRecorded':
    case 'DwellingSold':
    case 'LeaseInEnded':
    case 'DwellingDetailsUpdated':
      return applyDwelling(client, t, { type: recorded.type, data: recorded.data } as DwellingEvent, pos);
    case 'ApplicationSubmitted':
    case 'ApplicationDecided':
    case 'AppealDecided':
    case 'ApplicationWithdrawn':
    case 'ApprovalExpired':
    case 'ApprovalRenewed':
    case 'ApplicantHoused':
      return applyApplication(client, t, { type: recorded.type, data: recorded.data } as ApplicationEvent, pos);
    case 'LeaseSigned': {
      const d = recorded.data as LeaseSigned['data'];
      const applicationId = d.origin.kind === 'offer' ? d.origin.applicationId : null;
      await client.query(
        `INSERT INTO ${t.rpt_leases} (lease_id, position, household_id, dwelling_id, application_id, contract_type, start_date, previous_lease_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (lease_id) DO NOTHING`,
        [d.leaseId, pos, d.householdId, d.dwellingId, applicationId, d.contractType, d.startDate, d.previousLeaseId],
      );
      return;
    }
    case 'LeaseEnded': {
      const d = recorded.data as LeaseEnded['data'];
      await client.query(
        `UPDATE ${t.rpt_leases} SET ended_on = $2, ended_position = $3, end_reason = $4, eviction_enforced_on = $5
         WHERE lease_id = $1 AND ended_position IS NULL`,
        [d.leaseId, d.endedOn, pos, d.reason, d.evictionEnforcedOn],
      );
      return;
    }
    case 'TransitionStarted': {
      const d = recorded.data as TransitionStarted['data'];
      await client.query(
        `INSERT INTO ${t.rpt_transitions} (transition_id, position, household_id, dwelling_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (transition_id) DO NOTHING`,
        [d.transitionId, pos, d.householdId, d.dwellingId],
      );
      return;
    }
    case 'TransitionCompleted': {
      const d = recorded.data as TransitionCompleted['data'];
      // The completion repeats the household and dwelling, so a transition whose start is missing still counts.
      await client.query(
        `INSERT INTO ${t.rpt_transitions} (transition_id, position, household_id, dwelling_id, completed_on, completed_position, completed_plan)
         VALUES ($1, $2, $3, $4, $5, $2, $6)
         ON CONFLICT (transition_id) DO UPDATE SET completed_on = excluded.completed_on,
           completed_position = excluded.completed_position, completed_plan = excluded.completed_plan
         WHERE ${t.rpt_transitions}.completed_position IS NULL`,
        [d.transitionId, pos, d.householdId, d.dwellingId, d.purchasedOn, d.plan],
      );
      return;
    }
    case 'StartlanGranted': {
      const d = recorded.data as StartlanGranted['data'];
      await client.query(`INSERT INTO ${t.rpt_startlan} VALUES ($1, $2, $3, $4, $5)`, [pos, d.transitionId, d.loanReference, d.amount, d.grantedOn]);
      return;
    }
    default:
      return;
  }
}

async function applyDwelling(client: pg.PoolClient, t: TableNames<Tables>, event: DwellingEvent, pos: string): Promise<void> {
  const id = event.data.dwellingId;
  switch (event.type) {
    case 'DwellingRegistered':
    case 'DwellingAcquired': {
      const d = event.data;
      const enteredOn = event.type === 'DwellingRegistered' ? event.data.registeredOn : event.data.acquiredOn;
      const acquisition = event.type === 'DwellingAcquired' ? event.data.acquisition : null;
      await client.query(`INSERT INTO ${t.rpt_dwellings} (dwelling_id, entered_on, entered_position, acquisition_method) VALUES ($1, $2, $3, $4)`, [
        id, enteredOn, pos, acquisition?.method ?? null,
      ]);
      await client.query(`INSERT INTO ${t.rpt_dwelling_versions} VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        id, pos, enteredOn, d.matrikkel.kommunenummer, unitKey(d), d.ownership, d.wheelchairAccessible,
      ]);
      const grant = acquisition && acquisition.method !== 'lease-in' ? acquisition.financing.rentalHousingGrant : null;
      if (grant) {
        await client.query(`INSERT INTO ${t.rpt_grants} VALUES ($1, $2, $3, $4, $5, 'acquisition')`, [id, pos, grant.amount, grant.grantDate, grant.writeDownYears]);
      }
      return;
    }
    case 'RentalHousingGrantRecorded': {
      const g = event.data.grant;
      await client.query(`INSERT INTO ${t.rpt_grants} VALUES ($1, $2, $3, $4, $5, 'recorded')`, [id, pos, g.amount, g.grantDate, g.writeDownYears]);
      return;
    }
    case 'DwellingSold': {
      const s = event.data;
      const settlement = s.grantSettlement;
      await client.query(
        `UPDATE ${t.rpt_dwellings} SET left_on = $2, left_position = $3, left_how = 'sold', sale_buyer = $4,
           sale_settlement_kind = $5, sale_repayment = $6 WHERE dwelling_id = $1`,
        [id, s.soldOn, pos, s.buyer, settlement?.kind ?? null, settlement?.kind === 'repayment' ? settlement.amount : null],
      );
      return;
    }
    case 'LeaseInEnded':
      await client.query(`UPDATE ${t.rpt_dwellings} SET left_on = $2, left_position = $3, left_how = 'lease-in-ended' WHERE dwelling_id = $1`, [
        id, event.data.endedOn, pos,
      ]);
      return;
    case 'DwellingDetailsUpdated': {
      const c = event.data.changes;
      if (!('matrikkel' in c) && !('bruksenhetsnummer' in c) && !('ownership' in c) && !('wheelchairAccessible' in c)) return;
      const { rows } = await client.query(
        `SELECT kommunenummer, unit_key, ownership, wheelchair_accessible FROM ${t.rpt_dwelling_versions}
         WHERE dwelling_id = $1 ORDER BY position DESC LIMIT 1`,
        [id],
      );
      const last = rows[0] as { kommunenummer: string; unit_key: string; ownership: string; wheelchair_accessible: boolean } | undefined;
      if (!last) return;
      // The unit key needs both parts; rebuild it from the old key when only one of them changed.
      const [oldMatrikkelPart, oldUnit] = splitUnitKey(last.unit_key);
      const matrikkelPart = c.matrikkel ? unitKey({ matrikkel: c.matrikkel, bruksenhetsnummer: '' }).slice(0, -1) : oldMatrikkelPart;
      const key = `${matrikkelPart}:${c.bruksenhetsnummer ?? oldUnit}`;
      await client.query(`INSERT INTO ${t.rpt_dwelling_versions} VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        id, pos, event.data.correctedOn, c.matrikkel?.kommunenummer ?? last.kommunenummer, key,
        c.ownership ?? last.ownership, c.wheelchairAccessible ?? last.wheelchair_accessible,
      ]);
      return;
    }
    default:
      return;
  }
}

function splitUnitKey(key: string): [string, string] {
  const colon = key.lastIndexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

async function applyApplication(client: pg.PoolClient, t: TableNames<Tables>, event: ApplicationEvent, pos: string): Promise<void> {
  const id = event.data.applicationId;
  const open = (fromOn: string) =>
    client.query(`INSERT INTO ${t.rpt_waiting} (application_id, from_on, from_position) VALUES ($1, $2, $3)`, [id, fromOn, pos]);
  const close = (toOn: string, reason: string) =>
    client.query(
      `UPDATE ${t.rpt_waiting} SET to_on = $2, to_position = $3, to_reason = $4 WHERE application_id = $1 AND to_position IS NULL`,
      [id, toOn, pos, reason],
    );
  const decision = (step: string, outcome: string, decidedOn: string) =>
    client.query(`INSERT INTO ${t.rpt_decisions} VALUES ($1, $2, $3, $4, $5)`, [id, pos, step, outcome, decidedOn]);
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      await client.query(`INSERT INTO ${t.rpt_applications} VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        id, pos, d.kind, d.submittedOn, d.refugeeArrivalDate,
        d.categories.includes('substance-abuse-or-mental-illness'),
        d.categories.includes('disability') || d.needs.wheelchairAccessible,
      ]);
      return;
    }
    case 'ApplicationDecided':
      await decision('first-instance', event.data.outcome, event.data.decidedOn);
      if (event.data.outcome === 'approved') await open(event.data.decidedOn);
      return;
    case 'AppealDecided':
      await decision('appeal', event.data.outcome, event.data.decidedOn);
      if (event.data.approvedOn) await open(event.data.approvedOn);
      return;
    case 'ApprovalRenewed':
      // A renewal before expiry keeps the household on the list; reviving an expired approval puts it back.
      if (event.data.wasExpired) await open(event.data.renewedOn);
      return;
    case 'ApplicantHoused':
      await close(event.data.acceptedOn, 'housed');
      return;
    case 'ApplicationWithdrawn':
      await close(event.data.withdrawnOn, 'withdrawn');
      return;
    case 'ApprovalExpired':
      await close(event.data.expiredOn, 'expired');
      return;
    default:
      return;
  }
}
