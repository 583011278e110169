import { arrayLiteral } from '../projections/batch/array-literal.js';
import type { Projection } from '../projections/projection.js';
import { isUuid } from '../shared-kernel/uuid.js';
import { retentionPolicy, ruleForStream } from './retention-policy.js';

/**
 * Which retained records mention which person: for every event in a stream that a retention rule
 * covers, each UUID in its data (persons appear in events only as pseudonymous subject ids) is
 * indexed with the stream and the time of its last event. Erasure asks this index whether a rule
 * still holds the person. It holds ids only, no personal data. (Dwelling ids and other UUIDs are
 * indexed too; they are never erased as persons, so they do no harm.)
 */
export const dataSubjectRecordsProjection: Projection<'data_subject_records'> = {
  name: 'data-subject-records',
  // 2: committee meetings live in `meeting-<id>` streams; 3: households and tenant-to-owner transitions.
  version: 3,
  // Read at once only through read-your-writes waits, which end the pause: fewer, larger batches
  // behind a burst of appends leave the round trips to the read models integrators poll.
  settleMs: 250,
  tables: {
    data_subject_records: (t) => `
      CREATE TABLE ${t} (
        subject_id uuid NOT NULL,
        stream_id text NOT NULL,
        record_kind text NOT NULL,
        last_occurred_at timestamptz NOT NULL,
        PRIMARY KEY (subject_id, stream_id)
      );`,
  },
  async apply(client, tables, events) {
    // One row per person and stream, the latest time kept (a person appears in most events of their
    // streams): the batch sends each pair once instead of once per event.
    const latest = new Map<string, { subject: string; stream: string; kind: string; time: string; ms: number }>();
    for (const event of events) {
      const rule = ruleForStream(event.streamId, retentionPolicy);
      if (!rule) continue;
      const time = event.metadata.occurredAt;
      const ms = Date.parse(time);
      for (const id of uuidsIn(event.data)) {
        const subject = id.toLowerCase();
        // A time JavaScript cannot read is left to the database to compare (DISTINCT ON below).
        const key = Number.isNaN(ms) ? `${latest.size}\u0000unparsed` : `${subject}\u0000${event.streamId}`;
        const seen = latest.get(key);
        if (!seen) latest.set(key, { subject, stream: event.streamId, kind: rule.recordKind, time, ms });
        else if (ms > seen.ms) Object.assign(seen, { time, ms });
      }
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()];
    await client.query(
      `INSERT INTO ${tables.data_subject_records} (subject_id, stream_id, record_kind, last_occurred_at)
       SELECT DISTINCT ON (s, st) s, st, k, t FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS u(s, st, k, t)
       ORDER BY s, st, t DESC
       ON CONFLICT (subject_id, stream_id) DO UPDATE SET last_occurred_at = GREATEST(${tables.data_subject_records}.last_occurred_at, EXCLUDED.last_occurred_at)`,
      [rows.map((r) => r.subject), rows.map((r) => r.stream), rows.map((r) => r.kind), rows.map((r) => r.time)].map(arrayLiteral),
    );
  },
};

function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (isUuid(value)) found.add(value);
  else if (Array.isArray(value)) for (const v of value) uuidsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, found);
  return found;
}
