import { arrayLiteral } from '../projections/batch/array-literal.js';
import type { Projection } from '../projections/projection.js';
import { isUuid } from '../shared-kernel/uuid.js';
import { retentionPolicy, ruleForStream } from './retention-policy.js';

/**
 * Which retained records mention which person: for every event in a stream that a retention rule
 * covers, each UUID in its data (persons appear in events only as pseudonymous subject ids) is
 * indexed with the stream, and each such stream with the time of its last event. A record is kept
 * until its rule's period after the record's last event, whether or not that event names the person
 * (a lease's rent adjustments and renewals name only the lease), so the time belongs to the stream.
 * Erasure asks this index whether a rule still holds the person. It holds ids only, no personal
 * data. (Dwelling ids and other UUIDs are indexed too; they are never erased as persons, so they do
 * no harm.)
 */
export const dataSubjectRecordsProjection: Projection<'data_subject_records' | 'data_subject_streams'> = {
  name: 'data-subject-records',
  // 2: committee meetings live in `meeting-<id>` streams; 3: households and tenant-to-owner transitions;
  // 4: the time of a record's last event is the stream's, kept once per stream.
  version: 4,
  // Read at once only through read-your-writes waits, which end the pause: fewer, larger batches
  // behind a burst of appends leave the round trips to the read models integrators poll.
  settleMs: 250,
  tables: {
    data_subject_records: (t) => `
      CREATE TABLE ${t} (
        subject_id uuid NOT NULL,
        stream_id text NOT NULL,
        PRIMARY KEY (subject_id, stream_id)
      );`,
    data_subject_streams: (t) => `
      CREATE TABLE ${t} (
        stream_id text PRIMARY KEY,
        record_kind text NOT NULL,
        last_occurred_at timestamptz NOT NULL
      );`,
  },
  async apply(client, tables, events) {
    // Each person and stream once, each stream once with its latest time: a batch sends each pair
    // and each stream once instead of once per event.
    const pairs = new Map<string, { subject: string; stream: string }>();
    const streams = new Map<string, { stream: string; kind: string; time: string; ms: number }>();
    // A time JavaScript cannot read is left to the database to compare (DISTINCT ON below).
    const unreadable: { stream: string; kind: string; time: string }[] = [];
    for (const event of events) {
      const rule = ruleForStream(event.streamId, retentionPolicy);
      if (!rule) continue;
      const time = event.metadata.occurredAt;
      const ms = Date.parse(time);
      const seen = streams.get(event.streamId);
      if (Number.isNaN(ms)) unreadable.push({ stream: event.streamId, kind: rule.recordKind, time });
      else if (!seen) streams.set(event.streamId, { stream: event.streamId, kind: rule.recordKind, time, ms });
      else if (ms > seen.ms) Object.assign(seen, { time, ms });
      for (const id of uuidsIn(event.data)) {
        const subject = id.toLowerCase();
        pairs.set(`${subject}\u0000${event.streamId}`, { subject, stream: event.streamId });
      }
    }
    const streamRows = [...streams.values(), ...unreadable];
    if (streamRows.length === 0) return;
    await client.query(
      `INSERT INTO ${tables.data_subject_streams} (stream_id, record_kind, last_occurred_at)
       SELECT DISTINCT ON (st) st, k, t FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(st, k, t)
       ORDER BY st, t DESC
       ON CONFLICT (stream_id) DO UPDATE SET last_occurred_at = GREATEST(${tables.data_subject_streams}.last_occurred_at, EXCLUDED.last_occurred_at)`,
      [streamRows.map((r) => r.stream), streamRows.map((r) => r.kind), streamRows.map((r) => r.time)].map(arrayLiteral),
    );
    if (pairs.size === 0) return;
    const rows = [...pairs.values()];
    await client.query(
      `INSERT INTO ${tables.data_subject_records} (subject_id, stream_id)
       SELECT * FROM unnest($1::uuid[], $2::text[])
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.subject), rows.map((r) => r.stream)].map(arrayLiteral),
    );
  },
};

function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (isUuid(value)) found.add(value);
  else if (Array.isArray(value)) for (const v of value) uuidsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, found);
  return found;
}
