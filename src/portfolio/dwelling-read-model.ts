import type pg from 'pg';
import { formatMatrikkel } from './dwelling/matrikkel.js';

export interface DwellingRow {
  dwelling_id: string;
  kommunenummer: string;
  gardsnummer: number;
  bruksnummer: number;
  festenummer: number | null;
  seksjonsnummer: number | null;
  bruksenhetsnummer: string;
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
  lease_in_end_date: Date | string | null;
  status: string;
  registered_on: Date | string;
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
}

/** Queries on the dwellings read model (the `dwellings` view over the live generation). */
export class DwellingReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async byId(id: string): Promise<DwellingRow | undefined> {
    const { rows } = await this.pool.query<DwellingRow>(
      `SELECT *, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, to_char(lease_in_end_date, 'YYYY-MM-DD') AS lease_in_end_date
       FROM dwellings WHERE dwelling_id = $1`,
      [id],
    );
    return rows[0];
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
    if (filter.dwellingType != null) add('dwelling_type = ?', filter.dwellingType);
    if (filter.wheelchairAccessible != null) add('wheelchair_accessible = ?', filter.wheelchairAccessible);
    if (filter.minBedrooms != null) add('bedrooms >= ?', filter.minBedrooms);
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];
    if (afterId !== undefined) add('dwelling_id > ?::uuid', afterId);
    params.push(limit + 1);
    const pageWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [page, count] = await Promise.all([
      this.pool.query<DwellingRow>(
        `SELECT *, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, to_char(lease_in_end_date, 'YYYY-MM-DD') AS lease_in_end_date
         FROM dwellings ${pageWhere} ORDER BY dwelling_id LIMIT $${params.length}`,
        params,
      ),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM dwellings ${filtered}`, countParams),
    ]);
    return { rows: page.rows, total: count.rows[0]!.n };
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
    registeredOn: row.registered_on,
    revision: row.revision,
    position: BigInt(row.position),
  };
}
