import type pg from 'pg';

export interface BuildingRow {
  building_key: string;
  kommunenummer: string;
  gardsnummer: number;
  bruksnummer: number;
  festenummer: number | null;
  street: string;
  postal_code: string;
  postal_town: string;
  district: string;
  in_portfolio: number;
  wheelchair_accessible: number;
  let: number;
  serious_defects: number;
  ever: number;
}

/** One row per building: its place and counts over its dwellings. */
const BUILDING_COLUMNS = `SELECT building_key, min(kommunenummer) AS kommunenummer, min(gardsnummer) AS gardsnummer, min(bruksnummer) AS bruksnummer,
              min(festenummer) AS festenummer, min(street) AS street, min(postal_code) AS postal_code, min(postal_town) AS postal_town,
              min(district) AS district,
              count(*) FILTER (WHERE status NOT IN ('sold', 'lease-in-ended'))::int AS in_portfolio,
              count(*) FILTER (WHERE status NOT IN ('sold', 'lease-in-ended') AND wheelchair_accessible)::int AS wheelchair_accessible,
              count(*) FILTER (WHERE status = 'let')::int AS let,
              count(*) FILTER (WHERE status NOT IN ('sold', 'lease-in-ended') AND condition_grade = 'TG3')::int AS serious_defects,
              count(*)::int AS ever`;

/** Buildings are dwellings grouped by their derived building key (see building-key.ts). */
export class BuildingsReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async page(filter: { kommunenummer?: string | null; district?: string | null }, afterKey: string | undefined, limit: number) {
    const params: unknown[] = [filter.kommunenummer ?? null, filter.district ?? null];
    const base = `FROM dwellings WHERE ($1::text IS NULL OR kommunenummer = $1) AND ($2::text IS NULL OR district = $2)`;
    const page = await this.pool.query<BuildingRow>(
      `${BUILDING_COLUMNS}
       ${base} AND ($3::text IS NULL OR building_key > $3)
       GROUP BY building_key ORDER BY building_key LIMIT $4`,
      [...params, afterKey ?? null, limit + 1],
    );
    const total = await this.pool.query<{ n: number }>(`SELECT count(DISTINCT building_key)::int AS n ${base}`, params);
    return { rows: page.rows, total: total.rows[0]!.n };
  }

  /** The building with this key now; undefined when no dwelling has the key now (a correction moved them all). */
  async byKey(key: string): Promise<BuildingRow | undefined> {
    const { rows } = await this.pool.query<BuildingRow>(
      `${BUILDING_COLUMNS}
       FROM dwellings WHERE building_key = $1 GROUP BY building_key`,
      [key],
    );
    return rows[0];
  }

  /** The building the dwelling belongs to now (its current address and matrikkel); undefined for an unknown dwelling. */
  async ofDwelling(dwellingId: string): Promise<BuildingRow | undefined> {
    const { rows } = await this.pool.query<BuildingRow>(
      `${BUILDING_COLUMNS}
       FROM dwellings WHERE building_key = (SELECT building_key FROM dwellings WHERE dwelling_id = $1) GROUP BY building_key`,
      [dwellingId],
    );
    return rows[0];
  }
}

export function buildingNode(row: BuildingRow) {
  return {
    key: row.building_key,
    kommunenummer: row.kommunenummer,
    matrikkelUnit: `${row.kommunenummer}-${row.gardsnummer}/${row.bruksnummer}/${row.festenummer ?? 0}`,
    address: { street: row.street, postalCode: row.postal_code, postalTown: row.postal_town },
    district: row.district,
    dwellingsInPortfolio: row.in_portfolio,
    wheelchairAccessible: row.wheelchair_accessible,
    let: row.let,
    withSeriousDefects: row.serious_defects,
    dwellingsEver: row.ever,
  };
}
