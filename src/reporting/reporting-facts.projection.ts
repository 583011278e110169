import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import { AppendRows, BatchRows, type Row } from '../projections/batch/batch-rows.js';
import { TEXT_EXCEPT_SIMPLE_TYPES } from '../projections/batch/table-columns.js';
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
  // 2: description versions hold the description in force on their date (corrections dated by then,
  // in log order), and a backdated correction re-derives the later-dated ones.
  // 3: leases keep the security for the rent given when signed (kind, amount, guarantor).
  version: 3,
  // Read at once only through read-your-writes waits, which end the pause: fewer, larger batches
  // behind a burst of appends leave the round trips to the read models integrators poll.
  settleMs: 250,
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
    // The description fields the report needs, as in force from effective_on and as known at
    // position: the registration plus every correction recorded by then and dated by effective_on,
    // in log order. A registration or correction makes the row of its own date, with the fields it
    // set in `changes`; a correction dated before other versions also makes a row for each of their
    // later dates (`changes` null), since it applies to those dates too. The description on a date D
    // as known at P is then the row of the highest position ≤ P dated ≤ D, the latest-dated of them.
    rpt_dwelling_versions: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid NOT NULL,
        position bigint NOT NULL,
        effective_on date NOT NULL,
        kommunenummer text NOT NULL,
        unit_key text NOT NULL,
        ownership text NOT NULL,
        wheelchair_accessible boolean NOT NULL,
        changes jsonb,
        PRIMARY KEY (dwelling_id, position, effective_on)
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
    // security_kind: 'deposit' | 'guarantee' | 'none', as signed (no later event changes it);
    // security_amount null for 'none'; guarantor only for a guarantee.
    rpt_leases: (t) => `
      CREATE TABLE ${t} (
        lease_id uuid PRIMARY KEY,
        position bigint NOT NULL,
        household_id text NOT NULL,
        dwelling_id uuid NOT NULL,
        application_id uuid,
        contract_type text NOT NULL,
        start_date date NOT NULL,
        security_kind text NOT NULL,
        security_amount bigint,
        guarantor text,
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
    // The batch costs the same few statements whatever its size: the rows the events touch are
    // loaded once, the events are applied to them in memory in log order, and the result is written
    // back in one statement per table.
    const facts = new BatchFacts(tables);
    await facts.load(client, events);
    for (const recorded of events) applyOne(facts, recorded);
    await facts.flush(client);
  },
};

export function unitKey(d: Pick<DwellingDescription, 'matrikkel' | 'bruksenhetsnummer'>): string {
  return `${matrikkelUnit(d.matrikkel)}:${d.bruksenhetsnummer}`;
}

/** The matrikkel part of a unit key: kommunenummer-gnr/bnr/fnr/snr. */
function matrikkelUnit(m: DwellingDescription['matrikkel']): string {
  return `${m.kommunenummer}-${m.gardsnummer}/${m.bruksnummer}/${m.festenummer ?? 0}/${m.seksjonsnummer ?? 0}`;
}

/** The reported description fields a registration or correction sets (a registration sets them all). */
interface ReportedChanges {
  kommunenummer?: string;
  matrikkelUnit?: string;
  bruksenhetsnummer?: string;
  ownership?: string;
  wheelchairAccessible?: boolean;
}

type ReportedDescription = Required<ReportedChanges>;

/**
 * The fact tables as one batch sees them. Tables whose rows a later event may change or must look
 * at (dwellings, waiting periods, leases, transitions) are loaded for the ids the batch names;
 * tables that are only ever appended to are written as plain INSERTs, so a duplicate fails the batch
 * as the single INSERTs did. A correction is folded with its dwelling's earlier registration and
 * corrections, so the versions those made are loaded too (and followed as the batch appends new ones).
 */
class BatchFacts {
  readonly dwellings: BatchRows;
  readonly dwellingVersions: AppendRows;
  readonly grants: AppendRows;
  readonly applications: AppendRows;
  readonly decisions: AppendRows;
  readonly waiting: BatchRows;
  readonly leases: BatchRows;
  readonly transitions: BatchRows;
  readonly startlan: AppendRows;
  /** Per dwelling, the versions its registration and corrections made on their own dates, in log order. */
  private readonly ownVersionsOf = new Map<string, Row[]>();

  constructor(private readonly t: TableNames<Tables>) {
    this.dwellings = new BatchRows(t.rpt_dwellings, ['dwelling_id']);
    this.dwellingVersions = new AppendRows(t.rpt_dwelling_versions);
    this.grants = new AppendRows(t.rpt_grants);
    this.applications = new AppendRows(t.rpt_applications);
    this.decisions = new AppendRows(t.rpt_decisions);
    this.waiting = new BatchRows(t.rpt_waiting, ['application_id', 'from_position']);
    this.leases = new BatchRows(t.rpt_leases, ['lease_id']);
    this.transitions = new BatchRows(t.rpt_transitions, ['transition_id']);
    this.startlan = new AppendRows(t.rpt_startlan);
  }

  async load(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
    const dwellings = new Set<string>();
    const corrected = new Set<string>();
    const waiting = new Set<string>();
    const leases = new Set<string>();
    const transitions = new Set<string>();
    for (const recorded of events) {
      const data = recorded.data as Record<string, unknown>;
      switch (recorded.type) {
        case 'DwellingRegistered':
        case 'DwellingAcquired':
        case 'DwellingSold':
        case 'LeaseInEnded':
          dwellings.add(uuidKey(data.dwellingId));
          break;
        case 'DwellingDetailsUpdated':
          if (changesReportedDescription(data.changes as DetailsChanges)) corrected.add(uuidKey(data.dwellingId));
          break;
        case 'ApplicationDecided':
        case 'AppealDecided':
        case 'ApprovalRenewed':
        case 'ApplicantHoused':
        case 'ApplicationWithdrawn':
        case 'ApprovalExpired':
          waiting.add(uuidKey(data.applicationId));
          break;
        case 'LeaseSigned':
        case 'LeaseEnded':
          leases.add(uuidKey(data.leaseId));
          break;
        case 'TransitionStarted':
        case 'TransitionCompleted':
          transitions.add(uuidKey(data.transitionId));
          break;
        default:
          break;
      }
    }
    await this.dwellings.load(client, dwellings);
    await this.waiting.load(client, waiting);
    await this.leases.load(client, leases);
    await this.transitions.load(client, transitions);
    if (corrected.size > 0) {
      const { rows } = await client.query<Row>({
        text: `SELECT * FROM ${this.t.rpt_dwelling_versions}
               WHERE dwelling_id = ANY($1::uuid[]) AND changes IS NOT NULL ORDER BY dwelling_id, position`,
        values: [[...corrected]],
        types: TEXT_EXCEPT_SIMPLE_TYPES,
      });
      for (const row of rows) this.noteOwnVersion(row);
    }
  }

  /** A new description version (appended at flush); one that carries its own changes is followed for later corrections. */
  addVersion(row: Row): void {
    this.dwellingVersions.add(row);
    if (row.changes !== null) this.noteOwnVersion(row);
  }

  /** The versions the dwelling's registration and corrections made on their own dates, in log order (none when it is not registered). */
  ownVersions(dwellingId: string): readonly Row[] {
    return this.ownVersionsOf.get(dwellingId) ?? [];
  }

  async flush(client: pg.PoolClient): Promise<void> {
    await this.dwellings.flush(client);
    await this.dwellingVersions.flush(client);
    await this.grants.flush(client);
    await this.applications.flush(client);
    await this.decisions.flush(client);
    await this.waiting.flush(client);
    await this.leases.flush(client);
    await this.transitions.flush(client);
    await this.startlan.flush(client);
  }

  /** Loaded in position order, then appended in log order: the list stays in log order. */
  private noteOwnVersion(row: Row): void {
    const id = String(row.dwelling_id);
    const versions = this.ownVersionsOf.get(id);
    if (versions) versions.push(row);
    else this.ownVersionsOf.set(id, [row]);
  }
}

/**
 * Ids of uuid columns as PostgreSQL gives them back (lower case), so an id a caller wrote in upper
 * case finds the row loaded for it. (PostgreSQL stores the same value either way.)
 */
function uuidKey(id: unknown): string {
  return String(id).toLowerCase();
}

/** A plain INSERT into a table whose rows the batch holds: a row that is already there fails, as the INSERT would. */
function insertNew(rows: BatchRows, group: string, key: unknown[], row: Row): void {
  if (rows.get(group, ...key)) throw new Error(`duplicate key value violates unique constraint of ${rows.table}: (${key.join(', ')}) already exists`);
  rows.put(row);
}

type DetailsChanges = Extract<DwellingEvent, { type: 'DwellingDetailsUpdated' }>['data']['changes'];

/** Whether a correction touches a field of the reported description (the others make no version). */
function changesReportedDescription(c: DetailsChanges): boolean {
  return 'matrikkel' in c || 'bruksenhetsnummer' in c || 'ownership' in c || 'wheelchairAccessible' in c;
}

function applyOne(facts: BatchFacts, recorded: RecordedEvent): void {
  const pos = recorded.position.toString();
  switch (recorded.type) {
    case 'DwellingRegistered':
    case 'DwellingAcquired':
    case 'RentalHousingGrantRecorded':
    case 'DwellingSold':
    case 'LeaseInEnded':
    case 'DwellingDetailsUpdated':
      return applyDwelling(facts, { type: recorded.type, data: recorded.data } as DwellingEvent, pos);
    case 'ApplicationSubmitted':
    case 'ApplicationDecided':
    case 'AppealDecided':
    case 'ApplicationWithdrawn':
    case 'ApprovalExpired':
    case 'ApprovalRenewed':
    case 'ApplicantHoused':
      return applyApplication(facts, { type: recorded.type, data: recorded.data } as ApplicationEvent, pos);
    case 'LeaseSigned': {
      const d = recorded.data as LeaseSigned['data'];
      const id = uuidKey(d.leaseId);
      // ON CONFLICT (lease_id) DO NOTHING: the first signing stays.
      if (facts.leases.one(id)) return;
      facts.leases.put({
        lease_id: id,
        position: pos,
        household_id: d.householdId,
        dwelling_id: d.dwellingId,
        application_id: d.origin.kind === 'offer' ? d.origin.applicationId : null,
        contract_type: d.contractType,
        start_date: d.startDate,
        security_kind: d.security.kind,
        security_amount: d.security.kind === 'none' ? null : d.security.amount,
        guarantor: d.security.kind === 'guarantee' ? d.security.guarantor : null,
        previous_lease_id: d.previousLeaseId ?? null,
        ended_on: null,
        ended_position: null,
        end_reason: null,
        eviction_enforced_on: null,
      });
      return;
    }
    case 'LeaseEnded': {
      const d = recorded.data as LeaseEnded['data'];
      const id = uuidKey(d.leaseId);
      // Only the first end counts (the UPDATE's `ended_position IS NULL`).
      if (facts.leases.one(id)?.ended_position !== null) return;
      facts.leases.update(id, [id], { ended_on: d.endedOn, ended_position: pos, end_reason: d.reason, eviction_enforced_on: d.evictionEnforcedOn ?? null });
      return;
    }
    case 'TransitionStarted': {
      const d = recorded.data as TransitionStarted['data'];
      const id = uuidKey(d.transitionId);
      if (facts.transitions.one(id)) return;
      facts.transitions.put({
        transition_id: id, position: pos, household_id: d.householdId, dwelling_id: d.dwellingId,
        completed_on: null, completed_position: null, completed_plan: null,
      });
      return;
    }
    case 'TransitionCompleted': {
      const d = recorded.data as TransitionCompleted['data'];
      const id = uuidKey(d.transitionId);
      const completion = { completed_on: d.purchasedOn, completed_position: pos, completed_plan: d.plan };
      const started = facts.transitions.one(id);
      // The completion repeats the household and dwelling, so a transition whose start is missing still counts.
      if (!started) facts.transitions.put({ transition_id: id, position: pos, household_id: d.householdId, dwelling_id: d.dwellingId, ...completion });
      else if (started.completed_position === null) facts.transitions.update(id, [id], completion);
      return;
    }
    case 'StartlanGranted': {
      const d = recorded.data as StartlanGranted['data'];
      facts.startlan.add({ position: pos, transition_id: d.transitionId, loan_reference: d.loanReference, amount: d.amount, granted_on: d.grantedOn });
      return;
    }
    default:
      return;
  }
}

function applyDwelling(facts: BatchFacts, event: DwellingEvent, pos: string): void {
  const id = uuidKey(event.data.dwellingId);
  switch (event.type) {
    case 'DwellingRegistered':
    case 'DwellingAcquired': {
      const d = event.data;
      const enteredOn = event.type === 'DwellingRegistered' ? event.data.registeredOn : event.data.acquiredOn;
      const acquisition = event.type === 'DwellingAcquired' ? event.data.acquisition : null;
      insertNew(facts.dwellings, id, [id], {
        dwelling_id: id, entered_on: enteredOn, entered_position: pos, acquisition_method: acquisition?.method ?? null,
        left_on: null, left_position: null, left_how: null, sale_buyer: null, sale_settlement_kind: null, sale_repayment: null,
      });
      const registered: ReportedDescription = {
        kommunenummer: d.matrikkel.kommunenummer, matrikkelUnit: matrikkelUnit(d.matrikkel), bruksenhetsnummer: d.bruksenhetsnummer,
        ownership: d.ownership, wheelchairAccessible: d.wheelchairAccessible,
      };
      facts.addVersion(versionRow(id, pos, enteredOn, registered, registered));
      const grant = acquisition && acquisition.method !== 'lease-in' ? acquisition.financing.rentalHousingGrant : null;
      if (grant) {
        facts.grants.add({ dwelling_id: id, position: pos, amount: grant.amount, grant_date: grant.grantDate, write_down_years: grant.writeDownYears, given_with: 'acquisition' });
      }
      return;
    }
    case 'RentalHousingGrantRecorded': {
      const g = event.data.grant;
      facts.grants.add({ dwelling_id: id, position: pos, amount: g.amount, grant_date: g.grantDate, write_down_years: g.writeDownYears, given_with: 'recorded' });
      return;
    }
    case 'DwellingSold': {
      const s = event.data;
      const settlement = s.grantSettlement;
      // A dwelling the facts do not hold is not updated (as the UPDATE matched no row).
      facts.dwellings.update(id, [id], {
        left_on: s.soldOn, left_position: pos, left_how: 'sold', sale_buyer: s.buyer,
        sale_settlement_kind: settlement?.kind ?? null, sale_repayment: settlement?.kind === 'repayment' ? settlement.amount : null,
      });
      return;
    }
    case 'LeaseInEnded':
      facts.dwellings.update(id, [id], { left_on: event.data.endedOn, left_position: pos, left_how: 'lease-in-ended' });
      return;
    case 'DwellingDetailsUpdated': {
      const c = event.data.changes;
      if (!changesReportedDescription(c)) return;
      const earlier = facts.ownVersions(id);
      // A dwelling the facts do not hold has no description to correct.
      if (earlier.length === 0) return;
      const correctedOn = event.data.correctedOn;
      const changes: ReportedChanges = {
        ...(c.matrikkel ? { kommunenummer: c.matrikkel.kommunenummer, matrikkelUnit: matrikkelUnit(c.matrikkel) } : {}),
        ...(c.bruksenhetsnummer !== undefined ? { bruksenhetsnummer: c.bruksenhetsnummer } : {}),
        ...(c.ownership !== undefined ? { ownership: c.ownership } : {}),
        ...(c.wheelchairAccessible !== undefined ? { wheelchairAccessible: c.wheelchairAccessible } : {}),
      };
      const own = [...earlier, { effective_on: correctedOn, changes }];
      // The correction's own date, and every later date a version starts on: it applies there too.
      const later = new Set(earlier.map((v) => String(v.effective_on)).filter((on) => on > correctedOn));
      for (const on of [correctedOn, ...[...later].sort()]) {
        facts.addVersion(versionRow(id, pos, on, descriptionOn(own, on), on === correctedOn ? changes : null));
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The description in force on `on`: the registration (the first version) plus every correction dated
 * on or before it, applied in log order (README.md, "dates").
 */
function descriptionOn(own: readonly Row[], on: string): ReportedDescription {
  const [registration, ...corrections] = own;
  let description = { ...(registration!.changes as ReportedDescription) };
  for (const v of corrections) if (String(v.effective_on) <= on) description = { ...description, ...(v.changes as ReportedChanges) };
  return description;
}

function versionRow(dwellingId: string, pos: string, effectiveOn: string, d: ReportedDescription, changes: ReportedChanges | null): Row {
  return {
    dwelling_id: dwellingId, position: pos, effective_on: effectiveOn, kommunenummer: d.kommunenummer,
    unit_key: `${d.matrikkelUnit}:${d.bruksenhetsnummer}`, ownership: d.ownership, wheelchair_accessible: d.wheelchairAccessible, changes,
  };
}

function applyApplication(facts: BatchFacts, event: ApplicationEvent, pos: string): void {
  const id = uuidKey(event.data.applicationId);
  const open = (fromOn: string) =>
    insertNew(facts.waiting, id, [id, pos], { application_id: id, from_on: fromOn, from_position: pos, to_on: null, to_position: null, to_reason: null });
  // Closes every period of the application still open (the UPDATE's `to_position IS NULL`).
  const close = (toOn: string, reason: string) => {
    for (const period of facts.waiting.group(id)) {
      if (period.to_position === null) facts.waiting.update(id, [id, period.from_position], { to_on: toOn, to_position: pos, to_reason: reason });
    }
  };
  const decision = (step: string, outcome: string, decidedOn: string) =>
    facts.decisions.add({ application_id: id, position: pos, step, outcome, decided_on: decidedOn });
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      facts.applications.add({
        application_id: id, position: pos, kind: d.kind, submitted_on: d.submittedOn, refugee_arrival_date: d.refugeeArrivalDate,
        substance_or_mental: d.categories.includes('substance-abuse-or-mental-illness'),
        adapted_dwelling: d.categories.includes('disability') || d.needs.wheelchairAccessible,
      });
      return;
    }
    case 'ApplicationDecided':
      decision('first-instance', event.data.outcome, event.data.decidedOn);
      if (event.data.outcome === 'approved') open(event.data.decidedOn);
      return;
    case 'AppealDecided':
      decision('appeal', event.data.outcome, event.data.decidedOn);
      if (event.data.approvedOn) open(event.data.approvedOn);
      return;
    case 'ApprovalRenewed':
      // A renewal before expiry keeps the household on the list; reviving an expired approval puts it back.
      if (event.data.wasExpired) open(event.data.renewedOn);
      return;
    case 'ApplicantHoused':
      close(event.data.acceptedOn, 'housed');
      return;
    case 'ApplicationWithdrawn':
      close(event.data.withdrawnOn, 'withdrawn');
      return;
    case 'ApprovalExpired':
      close(event.data.expiredOn, 'expired');
      return;
    default:
      return;
  }
}
