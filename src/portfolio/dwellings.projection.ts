import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import { historyTableDdl } from '../projections/valid-time-history.js';
import { AppendRows, BatchRows, type Row } from '../projections/batch/batch-rows.js';
import { BatchHistory } from '../projections/batch/batch-history.js';
import { uuidKey } from '../projections/batch/uuid-key.js';
import { buildingKey } from './building-key.js';
import { portfolioBuildingsDdl, portfolioCountsDdl } from './portfolio-counts.js';
import type { DwellingDescription } from './dwelling/dwelling-description.js';
import type { DwellingEvent } from './dwelling/dwelling.events.js';

type Tables =
  | 'dwellings'
  | 'dwelling_conditions'
  | 'rental_housing_grants'
  | 'portfolio_ledger'
  | 'dwellings_history'
  | 'dwelling_conditions_history'
  | 'rental_housing_grants_history'
  | 'portfolio_buildings'
  | 'portfolio_counts';

/**
 * The portfolio: one row per dwelling with its current description and status, the newest
 * condition grade per building part, the Husbanken grants, and a ledger of what entered and left
 * the portfolio (acquisitions, registrations, sales, ended lease-ins). The `*_history` tables keep
 * every version of the first three with its validity interval, for `asOf` queries (time travel).
 * `portfolio_counts` and `portfolio_buildings` hold the portfolio summary's counts, kept by triggers
 * on the dwellings table in the same transaction (portfolio-counts.ts); `apply` never writes them.
 */
export const dwellingsProjection: Projection<Tables> = {
  name: 'dwellings',
  version: 4,
  tables: {
    dwellings: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid PRIMARY KEY,
        kommunenummer text NOT NULL,
        gardsnummer integer NOT NULL,
        bruksnummer integer NOT NULL,
        festenummer integer,
        seksjonsnummer integer,
        bruksenhetsnummer text NOT NULL,
        building_key text NOT NULL,
        street text NOT NULL,
        postal_code text NOT NULL,
        postal_town text NOT NULL,
        district text NOT NULL,
        dwelling_type text NOT NULL,
        rooms integer NOT NULL,
        bedrooms integer NOT NULL,
        primary_area_m2 numeric NOT NULL,
        floor integer NOT NULL,
        wheelchair_accessible boolean NOT NULL,
        universally_designed boolean NOT NULL,
        shared_living boolean NOT NULL,
        rent_to_own_potential boolean NOT NULL,
        ownership text NOT NULL,
        lease_in_end_date date,
        status text NOT NULL,
        status_since date NOT NULL,
        registered_on date NOT NULL,
        entered_by text NOT NULL,
        acquisition_method text,
        condition_grade text,
        condition_assessed_on date,
        disposal_reason text,
        left_portfolio_on date,
        company_reference text,
        company_version integer,
        revision bigint NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (kommunenummer, dwelling_id);
      CREATE INDEX ON ${t} (status, dwelling_id);
      CREATE INDEX ON ${t} (district, dwelling_id);
      CREATE INDEX ON ${t} (building_key, dwelling_id);
      CREATE INDEX ON ${t} (company_reference);`,
    dwelling_conditions: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid NOT NULL,
        building_part text NOT NULL,
        grade text NOT NULL,
        assessed_on date NOT NULL,
        assessor text NOT NULL,
        report_reference text NOT NULL,
        position bigint NOT NULL,
        PRIMARY KEY (dwelling_id, building_part)
      );`,
    rental_housing_grants: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid NOT NULL,
        position bigint NOT NULL,
        amount bigint NOT NULL,
        grant_date date NOT NULL,
        write_down_years integer NOT NULL,
        PRIMARY KEY (dwelling_id, position)
      );`,
    portfolio_ledger: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        dwelling_id uuid NOT NULL,
        entry text NOT NULL,
        entry_date date NOT NULL,
        method text,
        amount bigint,
        grant_amount bigint,
        grant_outstanding bigint,
        grant_settlement jsonb,
        kommunenummer text NOT NULL,
        district text NOT NULL
      );
      CREATE INDEX ON ${t} (entry_date);`,
    dwellings_history: (t, names) => historyTableDdl(t, names.dwellings, ['dwelling_id']),
    dwelling_conditions_history: (t, names) => historyTableDdl(t, names.dwelling_conditions, ['dwelling_id']),
    rental_housing_grants_history: (t, names) => historyTableDdl(t, names.rental_housing_grants, ['dwelling_id']),
    portfolio_buildings: (t) => portfolioBuildingsDdl(t),
    portfolio_counts: (t, names) => portfolioCountsDdl(t, names.dwellings, names.portfolio_buildings),
  },
  async apply(client, tables, events) {
    const batch = new DwellingsBatch(tables);
    await batch.load(client, events);
    for (const recorded of events) batch.apply(recorded);
    await batch.flush(client);
  },
};

/** Events that change this read model; the others (other aggregates, later versions) are passed over. */
const HANDLED = new Set<string>([
  'DwellingRegistered', 'DwellingAcquired', 'RentalHousingGrantRecorded', 'ConditionAssessmentRecorded', 'RenovationStarted',
  'RenovationCompleted', 'DwellingReserved', 'ReservationReleased', 'DwellingLet', 'DwellingVacated', 'DwellingMarkedForDisposal',
  'DisposalCancelled', 'DwellingSold', 'LeaseInEnded', 'DwellingDetailsUpdated',
]);

const GRADE_RANK: Record<string, number> = { TG3: 3, TG2: 2, TG1: 1, TG0: 0 };

/**
 * One batch of the projection: the rows of the dwellings the batch names are loaded once, the events
 * are applied to them in memory in log order, and every table is written back in one statement.
 */
class DwellingsBatch {
  private readonly dwellings: BatchRows;
  private readonly conditions: BatchRows;
  private readonly grants: BatchRows;
  private readonly ledger: AppendRows;
  private readonly dwellingVersions: BatchHistory;
  private readonly conditionVersions: BatchHistory;
  private readonly grantVersions: BatchHistory;

  constructor(t: TableNames<Tables>) {
    this.dwellings = new BatchRows(t.dwellings, ['dwelling_id']);
    this.conditions = new BatchRows(t.dwelling_conditions, ['dwelling_id', 'building_part']);
    this.grants = new BatchRows(t.rental_housing_grants, ['dwelling_id', 'position']);
    this.ledger = new AppendRows(t.portfolio_ledger);
    this.dwellingVersions = new BatchHistory(t.dwellings_history, 'dwelling_id');
    this.conditionVersions = new BatchHistory(t.dwelling_conditions_history, 'dwelling_id');
    this.grantVersions = new BatchHistory(t.rental_housing_grants_history, 'dwelling_id');
  }

  async load(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
    const all = new Set<string>();
    const assessed = new Set<string>();
    const granted = new Set<string>();
    for (const e of events) {
      if (!HANDLED.has(e.type)) continue;
      const id = uuidKey((e.data as { dwellingId: string }).dwellingId);
      all.add(id);
      if (e.type === 'ConditionAssessmentRecorded') assessed.add(id);
      if (e.type === 'RentalHousingGrantRecorded' || e.type === 'DwellingAcquired') granted.add(id);
    }
    await BatchRows.loadTogether(client, [
      [this.dwellings, all],
      [this.conditions, assessed],
      [this.grants, granted],
    ]);
  }

  apply(recorded: RecordedEvent): void {
    if (!HANDLED.has(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as DwellingEvent;
    // Keyed as PostgreSQL writes a uuid, so an id given in upper case finds its row as the SQL did.
    const id = uuidKey(event.data.dwellingId);
    const source = (recorded.data as { source?: { reference: string; version: number } | null }).source ?? null;
    const pos = recorded.position.toString();
    const rev = recorded.revision.toString();
    // An UPDATE of the dwelling's row: no row, no change. The company's reference and version are kept unless the event brings new ones.
    const touch = (changes: Row = {}): Row | undefined => {
      const row = this.dwellings.one(id);
      if (!row) return undefined;
      const update: Row = { ...changes, revision: rev, position: pos };
      if (source?.reference != null) update.company_reference = source.reference;
      if (source?.version != null) update.company_version = source.version;
      return this.dwellings.update(id, [id], update);
    };
    const status = (s: string, on: string) => touch({ status: s, status_since: on });

    switch (event.type) {
      case 'DwellingRegistered':
      case 'DwellingAcquired': {
        const d = event.data;
        if (this.dwellings.one(id)) throw new Error(`dwelling ${id} is already in the read model (duplicate key)`);
        const enteredOn = event.type === 'DwellingRegistered' ? event.data.registeredOn : event.data.acquiredOn;
        const method = event.type === 'DwellingAcquired' ? event.data.acquisition.method : null;
        this.dwellings.put({
          dwelling_id: id, kommunenummer: d.matrikkel.kommunenummer, gardsnummer: d.matrikkel.gardsnummer, bruksnummer: d.matrikkel.bruksnummer,
          festenummer: d.matrikkel.festenummer, seksjonsnummer: d.matrikkel.seksjonsnummer, bruksenhetsnummer: d.bruksenhetsnummer,
          building_key: buildingKey(d), street: d.address.street, postal_code: d.address.postalCode, postal_town: d.address.postalTown,
          district: d.district, dwelling_type: d.dwellingType, rooms: d.rooms, bedrooms: d.bedrooms, primary_area_m2: d.primaryAreaM2,
          floor: d.floor, wheelchair_accessible: d.wheelchairAccessible, universally_designed: d.universallyDesigned,
          shared_living: d.sharedLiving, rent_to_own_potential: d.rentToOwnPotential, ownership: d.ownership,
          lease_in_end_date: d.leaseInEndDate, status: 'available', status_since: enteredOn, registered_on: enteredOn,
          entered_by: event.type === 'DwellingRegistered' ? 'opening-balance' : 'acquisition', acquisition_method: method,
          condition_grade: null, condition_assessed_on: null, disposal_reason: null, left_portfolio_on: null,
          company_reference: source?.reference ?? null, company_version: source?.version ?? null, revision: rev, position: pos,
        });
        const acquisition = event.type === 'DwellingAcquired' ? event.data.acquisition : null;
        const price = acquisition ? (acquisition.method === 'lease-in' ? acquisition.monthlyRent : acquisition.price) : null;
        const grant = acquisition && acquisition.method !== 'lease-in' ? acquisition.financing.rentalHousingGrant : null;
        this.addLedger(recorded, id, event.type === 'DwellingRegistered' ? 'registered' : 'acquired', enteredOn, method, price, grant?.amount ?? null, null, null, d.matrikkel.kommunenummer, d.district);
        if (grant) this.addGrant(id, pos, grant);
        break;
      }
      case 'RentalHousingGrantRecorded':
        this.addGrant(id, pos, event.data.grant);
        touch();
        break;
      case 'ConditionAssessmentRecorded': {
        const c = event.data;
        const existing = this.conditions.get(id, id, c.buildingPart);
        // ON CONFLICT DO UPDATE ... WHERE the stored assessment is not newer.
        if (!existing || (existing.assessed_on as string) <= c.assessedOn) {
          this.conditions.put({
            dwelling_id: id, building_part: c.buildingPart, grade: c.grade, assessed_on: c.assessedOn, assessor: c.assessor,
            report_reference: c.reportReference, position: pos,
          });
        }
        // The dwelling's grade: the overall assessment when there is one, else the worst part.
        const parts = this.conditions.group(id);
        const rank = (r: Row): [number, number] => [r.building_part === 'overall' ? 1 : 0, GRADE_RANK[r.grade as string] ?? -1];
        let chosen: Row | undefined;
        for (const r of parts) {
          if (!chosen) {
            chosen = r;
            continue;
          }
          const [a, b] = [rank(r), rank(chosen)];
          if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) chosen = r;
        }
        const latest = parts.reduce<string | null>((m, r) => (m === null || (r.assessed_on as string) > m ? (r.assessed_on as string) : m), null);
        touch({ condition_grade: chosen?.grade ?? null, condition_assessed_on: latest });
        break;
      }
      case 'RenovationStarted':
        status('under-renovation', event.data.startedOn);
        break;
      case 'RenovationCompleted':
        status('available', event.data.completedOn);
        break;
      case 'DwellingReserved':
        status('reserved', event.data.reservedOn);
        break;
      case 'ReservationReleased':
        status('available', event.data.releasedOn);
        break;
      case 'DwellingLet':
        status('let', event.data.letOn);
        break;
      case 'DwellingVacated':
        status('available', event.data.vacatedOn);
        break;
      case 'DwellingMarkedForDisposal':
        touch({ status: 'marked-for-disposal', status_since: event.data.markedOn, disposal_reason: event.data.reason });
        break;
      case 'DisposalCancelled':
        touch({ status: 'available', status_since: event.data.cancelledOn, disposal_reason: null });
        break;
      case 'DwellingSold': {
        const s = event.data;
        touch({ status: 'sold', status_since: s.soldOn, left_portfolio_on: s.soldOn });
        const row = this.place(id);
        this.addLedger(recorded, id, 'sold', s.soldOn, s.buyer, s.price, null, s.grantOutstanding, s.grantSettlement ?? null, row.kommunenummer, row.district);
        break;
      }
      case 'LeaseInEnded': {
        touch({ status: 'lease-in-ended', status_since: event.data.endedOn, left_portfolio_on: event.data.endedOn });
        const row = this.place(id);
        this.addLedger(recorded, id, 'lease-in-ended', event.data.endedOn, null, null, null, null, null, row.kommunenummer, row.district);
        break;
      }
      case 'DwellingDetailsUpdated':
        this.applyCorrections(id, event.data.changes, touch);
        break;
      default:
        return;
    }
    // The new versions, as known from this event's recording on (time travel).
    const current = this.dwellings.one(id);
    this.dwellingVersions.record(id, current ? [current] : [], recorded);
    if (event.type === 'ConditionAssessmentRecorded') this.conditionVersions.record(id, this.conditions.group(id), recorded);
    if (event.type === 'RentalHousingGrantRecorded' || event.type === 'DwellingAcquired') this.grantVersions.record(id, this.grants.group(id), recorded);
  }

  async flush(client: pg.PoolClient): Promise<void> {
    await this.dwellings.flush(client);
    await this.conditions.flush(client);
    await this.grants.flush(client);
    await this.ledger.flush(client);
    await this.dwellingVersions.flush(client);
    await this.conditionVersions.flush(client);
    await this.grantVersions.flush(client);
  }

  private addGrant(id: string, pos: string, grant: { amount: number; grantDate: string; writeDownYears: number }): void {
    if (this.grants.get(id, id, pos)) throw new Error(`grant ${id}/${pos} is already in the read model (duplicate key)`);
    this.grants.put({ dwelling_id: id, position: pos, amount: grant.amount, grant_date: grant.grantDate, write_down_years: grant.writeDownYears });
  }

  private place(id: string): { kommunenummer: string; district: string } {
    const row = this.dwellings.one(id);
    if (!row) throw new Error(`dwelling ${id} is not in the read model`);
    return { kommunenummer: row.kommunenummer as string, district: row.district as string };
  }

  private addLedger(
    recorded: RecordedEvent,
    id: string,
    entry: string,
    date: string,
    method: string | null,
    amount: number | null,
    grantAmount: number | null,
    grantOutstanding: number | null,
    settlement: unknown,
    kommunenummer: string,
    district: string,
  ): void {
    this.ledger.add({
      position: recorded.position.toString(), dwelling_id: id, entry, entry_date: date, method, amount, grant_amount: grantAmount,
      grant_outstanding: grantOutstanding, grant_settlement: settlement, kommunenummer, district,
    });
  }

  private applyCorrections(id: string, changes: Partial<DwellingDescription>, touch: (changes?: Row) => Row | undefined): void {
    const set: Row = {};
    for (const [field, column] of Object.entries(COLUMN_OF) as Array<[keyof DwellingDescription, string]>) {
      if (field in changes) set[column] = changes[field] ?? null;
    }
    if (changes.matrikkel) {
      set.kommunenummer = changes.matrikkel.kommunenummer;
      set.gardsnummer = changes.matrikkel.gardsnummer;
      set.bruksnummer = changes.matrikkel.bruksnummer;
      set.festenummer = changes.matrikkel.festenummer ?? null;
      set.seksjonsnummer = changes.matrikkel.seksjonsnummer ?? null;
    }
    if (changes.address) {
      set.street = changes.address.street;
      set.postal_code = changes.address.postalCode;
      set.postal_town = changes.address.postalTown;
    }
    const row = touch(set);
    if (row && (changes.matrikkel || changes.address)) {
      row.building_key = buildingKey({
        matrikkel: {
          kommunenummer: row.kommunenummer as string, gardsnummer: row.gardsnummer as number, bruksnummer: row.bruksnummer as number,
          festenummer: row.festenummer as number | null, seksjonsnummer: null,
        },
        address: { street: row.street as string, postalCode: '', postalTown: '' },
      });
    }
  }
}

const COLUMN_OF: Partial<Record<keyof DwellingDescription, string>> = {
  bruksenhetsnummer: 'bruksenhetsnummer',
  district: 'district',
  dwellingType: 'dwelling_type',
  rooms: 'rooms',
  bedrooms: 'bedrooms',
  primaryAreaM2: 'primary_area_m2',
  floor: 'floor',
  wheelchairAccessible: 'wheelchair_accessible',
  universallyDesigned: 'universally_designed',
  sharedLiving: 'shared_living',
  rentToOwnPotential: 'rent_to_own_potential',
  ownership: 'ownership',
  leaseInEndDate: 'lease_in_end_date',
};
