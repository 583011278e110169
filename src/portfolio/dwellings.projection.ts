import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import { historyTableDdl, recordVersion } from '../projections/valid-time-history.js';
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

const GRADE_ORDER = "CASE grade WHEN 'TG3' THEN 3 WHEN 'TG2' THEN 2 WHEN 'TG1' THEN 1 WHEN 'TG0' THEN 0 ELSE -1 END";

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
    for (const recorded of events) await applyOne(client, tables, recorded);
  },
};

async function applyOne(client: pg.PoolClient, t: TableNames<Tables>, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as DwellingEvent;
  const id = (recorded.data as { dwellingId: string }).dwellingId;
  const source = (recorded.data as { source?: { reference: string; version: number } | null }).source ?? null;
  const pos = recorded.position.toString();
  const rev = recorded.revision.toString();
  const touch = async (sets: string, values: unknown[]) => {
    const params = [id, rev, pos, source?.reference ?? null, source?.version ?? null, ...values];
    await client.query(
      `UPDATE ${t.dwellings} SET ${sets ? `${sets}, ` : ''}revision = $2, position = $3,
         company_reference = coalesce($4, company_reference), company_version = coalesce($5, company_version)
       WHERE dwelling_id = $1`,
      params,
    );
  };
  const status = (s: string, on: string) => touch(`status = $6, status_since = $7`, [s, on]);

  switch (event.type) {
    case 'DwellingRegistered':
    case 'DwellingAcquired': {
      const d = event.data;
      const enteredOn = event.type === 'DwellingRegistered' ? event.data.registeredOn : event.data.acquiredOn;
      const method = event.type === 'DwellingAcquired' ? event.data.acquisition.method : null;
      await client.query(
        `INSERT INTO ${t.dwellings} (dwelling_id, kommunenummer, gardsnummer, bruksnummer, festenummer, seksjonsnummer,
           bruksenhetsnummer, building_key, street, postal_code, postal_town, district, dwelling_type, rooms, bedrooms, primary_area_m2, floor,
           wheelchair_accessible, universally_designed, shared_living, rent_to_own_potential, ownership, lease_in_end_date,
           status, status_since, registered_on, entered_by, acquisition_method, company_reference, company_version, revision, position)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,'available',$24,$24,$25,$26,$27,$28,$29,$30)`,
        [
          id, d.matrikkel.kommunenummer, d.matrikkel.gardsnummer, d.matrikkel.bruksnummer, d.matrikkel.festenummer,
          d.matrikkel.seksjonsnummer, d.bruksenhetsnummer, buildingKey(d), d.address.street, d.address.postalCode, d.address.postalTown,
          d.district, d.dwellingType, d.rooms, d.bedrooms, d.primaryAreaM2, d.floor, d.wheelchairAccessible,
          d.universallyDesigned, d.sharedLiving, d.rentToOwnPotential, d.ownership, d.leaseInEndDate, enteredOn,
          event.type === 'DwellingRegistered' ? 'opening-balance' : 'acquisition', method,
          source?.reference ?? null, source?.version ?? null, rev, pos,
        ],
      );
      const acquisition = event.type === 'DwellingAcquired' ? event.data.acquisition : null;
      const price = acquisition ? (acquisition.method === 'lease-in' ? acquisition.monthlyRent : acquisition.price) : null;
      const grant = acquisition && acquisition.method !== 'lease-in' ? acquisition.financing.rentalHousingGrant : null;
      await ledger(client, t, recorded, id, event.type === 'DwellingRegistered' ? 'registered' : 'acquired', enteredOn, method, price, grant?.amount ?? null, null, null, d.matrikkel.kommunenummer, d.district);
      if (grant) await addGrant(client, t, id, pos, grant);
      break;
    }
    case 'RentalHousingGrantRecorded':
      await addGrant(client, t, id, pos, event.data.grant);
      await touch('', []);
      break;
    case 'ConditionAssessmentRecorded': {
      const c = event.data;
      await client.query(
        `INSERT INTO ${t.dwelling_conditions} VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (dwelling_id, building_part) DO UPDATE SET grade = excluded.grade, assessed_on = excluded.assessed_on,
           assessor = excluded.assessor, report_reference = excluded.report_reference, position = excluded.position
         WHERE ${t.dwelling_conditions}.assessed_on <= excluded.assessed_on`,
        [id, c.buildingPart, c.grade, c.assessedOn, c.assessor, c.reportReference, pos],
      );
      // The dwelling's grade: the overall assessment when there is one, else the worst part.
      await touch(
        `condition_grade = (SELECT grade FROM ${t.dwelling_conditions} WHERE dwelling_id = $1
            ORDER BY (building_part = 'overall') DESC, ${GRADE_ORDER} DESC LIMIT 1),
         condition_assessed_on = (SELECT max(assessed_on) FROM ${t.dwelling_conditions} WHERE dwelling_id = $1)`,
        [],
      );
      break;
    }
    case 'RenovationStarted':
      await status('under-renovation', event.data.startedOn);
      break;
    case 'RenovationCompleted':
      await status('available', event.data.completedOn);
      break;
    case 'DwellingReserved':
      await status('reserved', event.data.reservedOn);
      break;
    case 'ReservationReleased':
      await status('available', event.data.releasedOn);
      break;
    case 'DwellingLet':
      await status('let', event.data.letOn);
      break;
    case 'DwellingVacated':
      await status('available', event.data.vacatedOn);
      break;
    case 'DwellingMarkedForDisposal':
      await touch(`status = 'marked-for-disposal', status_since = $6, disposal_reason = $7`, [event.data.markedOn, event.data.reason]);
      break;
    case 'DisposalCancelled':
      await touch(`status = 'available', status_since = $6, disposal_reason = NULL`, [event.data.cancelledOn]);
      break;
    case 'DwellingSold': {
      const s = event.data;
      await touch(`status = 'sold', status_since = $6, left_portfolio_on = $6`, [s.soldOn]);
      const row = await dwellingPlace(client, t, id);
      await ledger(client, t, recorded, id, 'sold', s.soldOn, s.buyer, s.price, null, s.grantOutstanding, s.grantSettlement ?? null, row.kommunenummer, row.district);
      break;
    }
    case 'LeaseInEnded': {
      await touch(`status = 'lease-in-ended', status_since = $6, left_portfolio_on = $6`, [event.data.endedOn]);
      const row = await dwellingPlace(client, t, id);
      await ledger(client, t, recorded, id, 'lease-in-ended', event.data.endedOn, null, null, null, null, null, row.kommunenummer, row.district);
      break;
    }
    case 'DwellingDetailsUpdated':
      await applyCorrections(client, t, id, event.data.changes, touch);
      break;
    default:
      // Events of later versions of the aggregate, and other streams' events, are not part of this read model.
      return;
  }
  // The new versions, as known from this event's recording on (time travel).
  const key = { dwelling_id: id };
  await recordVersion(client, { current: t.dwellings, history: t.dwellings_history }, key, recorded);
  if (event.type === 'ConditionAssessmentRecorded') {
    await recordVersion(client, { current: t.dwelling_conditions, history: t.dwelling_conditions_history }, key, recorded);
  }
  if (event.type === 'RentalHousingGrantRecorded' || event.type === 'DwellingAcquired') {
    await recordVersion(client, { current: t.rental_housing_grants, history: t.rental_housing_grants_history }, key, recorded);
  }
}

async function addGrant(client: pg.PoolClient, t: TableNames<Tables>, id: string, pos: string, grant: { amount: number; grantDate: string; writeDownYears: number }) {
  await client.query(`INSERT INTO ${t.rental_housing_grants} VALUES ($1, $2, $3, $4, $5)`, [id, pos, grant.amount, grant.grantDate, grant.writeDownYears]);
}

async function dwellingPlace(client: pg.PoolClient, t: TableNames<Tables>, id: string): Promise<{ kommunenummer: string; district: string }> {
  const { rows } = await client.query(`SELECT kommunenummer, district FROM ${t.dwellings} WHERE dwelling_id = $1`, [id]);
  return rows[0];
}

async function ledger(
  client: pg.PoolClient,
  t: TableNames<Tables>,
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
) {
  await client.query(`INSERT INTO ${t.portfolio_ledger} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
    recorded.position.toString(), id, entry, date, method, amount, grantAmount, grantOutstanding,
    settlement === null ? null : JSON.stringify(settlement), kommunenummer, district,
  ]);
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

async function applyCorrections(
  client: pg.PoolClient,
  t: TableNames<Tables>,
  id: string,
  changes: Partial<DwellingDescription>,
  touch: (sets: string, values: unknown[]) => Promise<void>,
) {
  const sets: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length + 5}`);
  };
  for (const [field, column] of Object.entries(COLUMN_OF) as Array<[keyof DwellingDescription, string]>) {
    if (field in changes) set(column, changes[field]);
  }
  if (changes.matrikkel) {
    set('kommunenummer', changes.matrikkel.kommunenummer);
    set('gardsnummer', changes.matrikkel.gardsnummer);
    set('bruksnummer', changes.matrikkel.bruksnummer);
    set('festenummer', changes.matrikkel.festenummer);
    set('seksjonsnummer', changes.matrikkel.seksjonsnummer);
  }
  if (changes.address) {
    set('street', changes.address.street);
    set('postal_code', changes.address.postalCode);
    set('postal_town', changes.address.postalTown);
  }
  await touch(sets.join(', '), values);
  if (changes.matrikkel || changes.address) {
    const { rows } = await client.query(
      `SELECT kommunenummer, gardsnummer, bruksnummer, festenummer, street FROM ${t.dwellings} WHERE dwelling_id = $1`,
      [id],
    );
    const r = rows[0];
    const key = buildingKey({
      matrikkel: { kommunenummer: r.kommunenummer, gardsnummer: r.gardsnummer, bruksnummer: r.bruksnummer, festenummer: r.festenummer, seksjonsnummer: null },
      address: { street: r.street, postalCode: '', postalTown: '' },
    });
    await client.query(`UPDATE ${t.dwellings} SET building_key = $2 WHERE dwelling_id = $1`, [id, key]);
  }
}
