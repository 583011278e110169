import type pg from 'pg';

/**
 * A checksum of a table's whole content, independent of physical row order: two builds of a read
 * model from the same log must give the same checksums.
 */
export async function tableChecksum(client: pg.Pool | pg.PoolClient, table: string): Promise<{ rows: number; md5: string }> {
  const { rows } = await client.query<{ n: number; md5: string | null }>(
    `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${table} t`,
  );
  return { rows: rows[0]!.n, md5: rows[0]!.md5 ?? '' };
}
