import type { RecordedEvent } from '../event-store/event-envelope.js';
import { BUILD_INDEX } from './deferred-indexes.js';

/**
 * Time travel on the read-model side. A projection that wants `asOf` keeps, beside a current table,
 * a history table with the same columns plus the interval during which each row was the known state:
 * [valid_from, valid_to), in the log's recording time (recordedAt) with the position beside it.
 * After applying an event to the current rows, the projection records a version (BatchHistory in
 * batch/batch-history.ts, flushed in the same transaction): the open versions of the touched key are
 * closed at this event and the key's current rows become the new versions. A query "as known at T" then picks, per key, the rows whose
 * interval contains T, which is what folding the log up to T gives, without reading the log.
 *
 * Within one stream the log's recordedAt never goes backwards (an append to a stream waits for the
 * previous one to commit), so the intervals of one key never overlap; two events recorded in the
 * same millisecond leave an empty interval [t, t) for the first, which no instant selects.
 */
export const VALIDITY_COLUMNS = `valid_from_position bigint NOT NULL,
  valid_from_recorded_at timestamptz NOT NULL,
  valid_to_position bigint,
  valid_to_recorded_at timestamptz`;

/**
 * DDL of the history table of `current` (which must be created before it, i.e. listed earlier in
 * the projection's `tables`): its columns in the same order, then the validity interval.
 */
export function historyTableDdl(table: string, current: string, keyColumns: readonly string[]): string {
  const key = keyColumns.join(', ');
  return `
    CREATE TABLE ${table} (LIKE ${current}, ${VALIDITY_COLUMNS});
    CREATE INDEX ${BUILD_INDEX} ON ${table} (${key}, valid_from_recorded_at);
    CREATE INDEX ON ${table} (valid_from_recorded_at, valid_to_recorded_at);
    CREATE INDEX ON ${table} (valid_from_position, valid_to_position);`;
}

/** An instant of the log: a recording time (ISO 8601) or a log position. */
export type AsOf = { recordedAt: string } | { position: bigint };

/**
 * The SQL condition "this version was the known state at `asOf`", for a history table (or an alias
 * of it), with the instant as parameter number `param`; `asOfParameter` gives its value.
 */
export function asOfCondition(asOf: AsOf, param: number, alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return 'position' in asOf
    ? `(${p}valid_from_position <= $${param}::bigint AND (${p}valid_to_position IS NULL OR ${p}valid_to_position > $${param}::bigint))`
    : `(${p}valid_from_recorded_at <= $${param}::timestamptz AND (${p}valid_to_recorded_at IS NULL OR ${p}valid_to_recorded_at > $${param}::timestamptz))`;
}

export function asOfParameter(asOf: AsOf): string {
  return 'position' in asOf ? asOf.position.toString() : asOf.recordedAt;
}

/**
 * The rows of a read-model table for a query: the live table, or, with `asOf`, the versions of its
 * history table (`<table>_history`) known at that instant, as a subquery under the table's own name
 * (or `alias`), so the rest of the query reads the same either way. `param` is the number the
 * instant takes among the query's parameters (pass `asOfParameter(asOf)` there).
 */
export function tableAsOf(table: string, asOf: AsOf | undefined, param: number, alias = table): string {
  const rows = asOf === undefined ? table : `(SELECT * FROM ${table}_history WHERE ${asOfCondition(asOf, param)})`;
  return `${rows} AS ${alias}`;
}

/** Whether an event belongs to the log as known at `asOf` (the same rule, for a replay of the log). */
export function recordedBy(event: Pick<RecordedEvent, 'position' | 'metadata'>, asOf: AsOf): boolean {
  return 'position' in asOf ? event.position <= asOf.position : Date.parse(event.metadata.recordedAt) <= Date.parse(asOf.recordedAt);
}
