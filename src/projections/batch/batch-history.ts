import type pg from 'pg';
import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { insertRows, type Row } from './batch-rows.js';
import { tableColumns } from './table-columns.js';

/**
 * Valid-time versions (valid-time-history.ts) recorded for a batch, in two statements per batch
 * instead of one per event. For each event that changed a key, the key's open version is
 * closed at that event and the key's current rows become its new versions. Versions opened and
 * closed within the batch never reach the database open; versions left open by an earlier batch are
 * closed by one UPDATE, at the first event of this batch that touched their key.
 */
export class BatchHistory {
  private readonly open = new Map<string, Row[]>();
  private readonly closeInDatabase = new Map<string, { position: string; recordedAt: string }>();
  private readonly versions: Row[] = [];

  constructor(
    readonly table: string,
    /** The key column the versions are recorded by (e.g. dwelling_id). */
    private readonly keyColumn: string,
  ) {}

  /** After applying `event` to the current rows of `key`: closes the key's open versions and opens `currentRows` as new ones. */
  record(key: string, currentRows: readonly Row[], event: Pick<RecordedEvent, 'position' | 'metadata'>): void {
    const position = event.position.toString();
    const recordedAt = event.metadata.recordedAt;
    const previous = this.open.get(key);
    if (previous) {
      for (const v of previous) {
        v.valid_to_position = position;
        v.valid_to_recorded_at = recordedAt;
      }
    } else {
      this.closeInDatabase.set(key, { position, recordedAt });
    }
    const opened = currentRows.map((r) => ({
      ...r,
      valid_from_position: position,
      valid_from_recorded_at: recordedAt,
      valid_to_position: null,
      valid_to_recorded_at: null,
    }));
    this.open.set(key, opened);
    this.versions.push(...opened);
  }

  async flush(client: pg.ClientBase): Promise<void> {
    if (this.closeInDatabase.size > 0) {
      const columns = await tableColumns(client, this.table);
      const type = columns.typeOf.get(this.keyColumn)!.replace(/\(.*\)$/, '');
      const keys = [...this.closeInDatabase.keys()];
      await client.query(
        `UPDATE ${this.table} h SET valid_to_position = c.p, valid_to_recorded_at = c.t
         FROM unnest($1::${type}[], $2::bigint[], $3::timestamptz[]) AS c(k, p, t)
         WHERE h.${this.keyColumn} = c.k AND h.valid_to_position IS NULL`,
        [keys, keys.map((k) => this.closeInDatabase.get(k)!.position), keys.map((k) => this.closeInDatabase.get(k)!.recordedAt)],
      );
      this.closeInDatabase.clear();
    }
    if (this.versions.length > 0) {
      await insertRows(client, this.table, await tableColumns(client, this.table), this.versions);
      this.versions.length = 0;
    }
    this.open.clear();
  }
}
