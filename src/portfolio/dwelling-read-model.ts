import type pg from 'pg';
import { formatMatrikkel, type Matrikkel } from './dwelling/matrikkel.js';
import { asOfParameter, tableAsOf, type AsOf } from '../projections/valid-time-history.js';

export interface DwellingRow {
  dwelling_id: string;
  kommunenummer: string;
  gardsnummer: number;
  bruksnummer: number;
  festenummer: number | null;
  seksjonsnummer: number | null;
  bruksenhetsnummer: string;
  building_key: string;
  street: string;
  postal_code: string;
  postal_town: string;
  district: string;
  dwelling_type: string;
  rooms: number;
  bedrooms: number;
  primary_area_m2: string;
  floor: number;
  wheelchair_accessible: boolean;
  universally_designed: boolean;
  shared_living: boolean;
  rent_to_own_potential: boolean;
  ownership: string;
  lease_in_end_date: string | null;
  status: string;
  status_since: string;
  registered_on: string;
  entered_by: string;
  acquisition_method: string | null;
  condition_grade: string | null;
  condition_assessed_on: string | null;
  disposal_reason: string | null;
  left_portfolio_on: string | null;
  company_reference: string | null;
  company_version: number | null;
  revision: string;
  position: string;
}

export interface DwellingFilter {
  kommunenummer?: string | null;
  district?: string | null;
  status?: string | null;
  dwellingType?: string | null;
  wheelchairAccessible?: boolean | null;
  minBedrooms?: number | null;
  building?: string | null;
  ownership?: string | null;
  conditionGrade?: string | null;
  includeLeft?: boolean | null;
}

export interface ConditionRow {
  building_part: string;
  grade: string;
  assessed_on: string;
  assessor: string;
  report_reference: string;
}

export interface GrantRow {
  dwelling_id: string;
  amount: string;
  grant_date: string;
  write_down_years: number;
}

const CONDITION_COLUMNS = 'building_part, grade, assessed_on, assessor, report_reference';
/** The overall grade first, then the building parts by name. */
const CONDITION_ORDER = `building_part = 'overall' DESC, building_part`;

const IN_PORTFOLIO = `status NOT IN ('sold', 'lease-in-ended')`;

/** The query parameters with the instant appended when there is one. */
function withAsOf(params: unknown[], asOf: AsOf | undefined): unknown[] {
  return asOf === undefined ? params : [...params, asOfParameter(asOf)];
}

/** Queries on the dwellings read model (views over the live generation). */
export class DwellingReadModel {
  constructor(private readonly pool: pg.Pool) {}

  /** The dwelling now, or as known at `asOf` (undefined when it was not registered then). */
  async byId(id: string, asOf?: AsOf): Promise<DwellingRow | undefined> {
    const { rows } = await this.pool.query<DwellingRow>(`SELECT * FROM ${tableAsOf('dwellings', asOf, 2)} WHERE dwelling_id = $1`, withAsOf([id], asOf));
    return rows[0];
  }

  /**
   * Ids of the dwellings in the portfolio that are the unit (matrikkel number and bruksenhetsnummer),
   * as far as the read model has come; empty while the read model does not exist yet.
   */
  async idsInPortfolioAtUnit(unit: { matrikkel: Matrikkel; bruksenhetsnummer: string }): Promise<string[]> {
    const m = unit.matrikkel;
    try {
      const { rows } = await this.pool.query<{ dwelling_id: string }>(
        `SELECT dwelling_id FROM dwellings
         WHERE kommunenummer = $1 AND gardsnummer = $2 AND bruksnummer = $3 AND COALESCE(festenummer, 0) = $4
           AND COALESCE(seksjonsnummer, 0) = $5 AND bruksenhetsnummer = $6 AND ${IN_PORTFOLIO}
         ORDER BY dwelling_id`,
        [m.kommunenummer, m.gardsnummer, m.bruksnummer, m.festenummer ?? 0, m.seksjonsnummer ?? 0, unit.bruksenhetsnummer],
      );
      return rows.map((r) => r.dwelling_id);
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return []; // undefined_table: no read model yet
      throw error;
    }
  }

  /** Keyset page ordered by id; fetches one extra row to know whether another page follows. */
  async page(filter: DwellingFilter, afterId: string | undefined, limit: number): Promise<{ rows: DwellingRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.kommunenummer != null) add('kommunenummer = ?', filter.kommunenummer);
    if (filter.district != null) add('district = ?', filter.district);
    if (filter.status != null) add('status = ?', filter.status);
    else if (!filter.includeLeft) where.push(IN_PORTFOLIO);
    if (filter.dwellingType != null) add('dwelling_type = ?', filter.dwellingType);
    if (filter.wheelchairAccessible != null) add('wheelchair_accessible = ?', filter.wheelchairAccessible);
    if (filter.minBedrooms != null) add('bedrooms >= ?', filter.minBedrooms);
    if (filter.building != null) add('building_key = ?', filter.building);
    if (filter.ownership != null) add('ownership = ?', filter.ownership);
    if (filter.conditionGrade != null) add('condition_grade = ?', filter.conditionGrade);
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];
    if (afterId !== undefined) add('dwelling_id > ?::uuid', afterId);
    params.push(limit + 1);
    const pageWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [page, count] = await Promise.all([
      this.pool.query<DwellingRow>(`SELECT * FROM dwellings ${pageWhere} ORDER BY dwelling_id LIMIT $${params.length}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM dwellings ${filtered}`, countParams),
    ]);
    return { rows: page.rows, total: count.rows[0]!.n };
  }

  /**
   * The dwelling with its condition assessments in one round trip (a read that asks for both, such
   * as an integrator reading back the assessment it just recorded); the same rows as `byId` and `conditions`.
   */
  async byIdWithConditions(id: string, asOf?: AsOf): Promise<(DwellingRow & { conditions: ConditionRow[] }) | undefined> {
    const { rows } = await this.pool.query<DwellingRow & { conditions: ConditionRow[] }>(
      `SELECT d.*, (SELECT COALESCE(json_agg(c ORDER BY ${CONDITION_ORDER}), '[]') FROM (
         SELECT ${CONDITION_COLUMNS} FROM ${tableAsOf('dwelling_conditions', asOf, 2)} WHERE dwelling_id = d.dwelling_id) c) AS conditions
       FROM ${tableAsOf('dwellings', asOf, 2, 'd')} WHERE d.dwelling_id = $1`,
      withAsOf([id], asOf),
    );
    return rows[0];
  }

  async conditions(dwellingId: string, asOf?: AsOf): Promise<ConditionRow[]> {
    const { rows } = await this.pool.query<ConditionRow>(
      `SELECT ${CONDITION_COLUMNS} FROM ${tableAsOf('dwelling_conditions', asOf, 2)} WHERE dwelling_id = $1 ORDER BY ${CONDITION_ORDER}`,
      withAsOf([dwellingId], asOf),
    );
    return rows;
  }

  async grants(dwellingId: string, asOf?: AsOf): Promise<GrantRow[]> {
    const { rows } = await this.pool.query<GrantRow>(
      `SELECT dwelling_id, amount::text, grant_date, write_down_years FROM ${tableAsOf('rental_housing_grants', asOf, 2)}
       WHERE dwelling_id = $1 ORDER BY position`,
      withAsOf([dwellingId], asOf),
    );
    return rows;
  }

  /** Grants of dwellings still in the portfolio, for the portfolio's outstanding balance. */
  async grantsInPortfolio(kommunenummer: string | null, asOf?: AsOf): Promise<GrantRow[]> {
    const { rows } = await this.pool.query<GrantRow>(
      `SELECT g.dwelling_id, g.amount::text, g.grant_date, g.write_down_years
       FROM ${tableAsOf('rental_housing_grants', asOf, 2, 'g')} JOIN ${tableAsOf('dwellings', asOf, 2, 'd')} ON d.dwelling_id = g.dwelling_id
       WHERE d.${IN_PORTFOLIO} AND ($1::text IS NULL OR d.kommunenummer = $1)`,
      withAsOf([kommunenummer], asOf),
    );
    return rows;
  }
}

/** The GraphQL shape of a dwelling row. */
export function dwellingNode(row: DwellingRow, toEnum: (v: string) => string) {
  const matrikkel = {
    kommunenummer: row.kommunenummer,
    gardsnummer: row.gardsnummer,
    bruksnummer: row.bruksnummer,
    festenummer: row.festenummer,
    seksjonsnummer: row.seksjonsnummer,
  };
  const optionalEnum = (v: string | null) => (v === null ? null : toEnum(v));
  return {
    __typename: 'Dwelling',
    id: row.dwelling_id,
    matrikkel: { ...matrikkel, text: formatMatrikkel(matrikkel) },
    bruksenhetsnummer: row.bruksenhetsnummer,
    address: { street: row.street, postalCode: row.postal_code, postalTown: row.postal_town },
    district: row.district,
    dwellingType: toEnum(row.dwelling_type),
    rooms: row.rooms,
    bedrooms: row.bedrooms,
    primaryAreaM2: Number(row.primary_area_m2),
    floor: row.floor,
    wheelchairAccessible: row.wheelchair_accessible,
    universallyDesigned: row.universally_designed,
    sharedLiving: row.shared_living,
    rentToOwnPotential: row.rent_to_own_potential,
    ownership: toEnum(row.ownership),
    leaseInEndDate: row.lease_in_end_date,
    status: toEnum(row.status),
    statusSince: row.status_since,
    registeredOn: row.registered_on,
    enteredBy: toEnum(row.entered_by),
    acquisitionMethod: optionalEnum(row.acquisition_method),
    leftPortfolioOn: row.left_portfolio_on,
    disposalReason: optionalEnum(row.disposal_reason),
    conditionGrade: row.condition_grade,
    conditionAssessedOn: row.condition_assessed_on,
    companyReference: row.company_reference,
    companyVersion: row.company_version,
    buildingKey: row.building_key,
    revision: row.revision,
    position: BigInt(row.position),
  };
}

export type DwellingNode = ReturnType<typeof dwellingNode>;
