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
    const subjects: string[] = [];
    const streams: string[] = [];
    const kinds: string[] = [];
    const times: string[] = [];
    for (const event of events) {
      const rule = ruleForStream(event.streamId, retentionPolicy);
      if (!rule) continue;
      for (const id of uuidsIn(event.data)) {
        subjects.push(id.toLowerCase());
        streams.push(event.streamId);
        kinds.push(rule.recordKind);
        times.push(event.metadata.occurredAt);
      }
    }
    if (subjects.length === 0) return;
    await client.query(
      `INSERT INTO ${tables.data_subject_records} (subject_id, stream_id, record_kind, last_occurred_at)
       SELECT DISTINCT ON (s, st) s, st, k, t FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS u(s, st, k, t)
       ORDER BY s, st, t DESC
       ON CONFLICT (subject_id, stream_id) DO UPDATE SET last_occurred_at = GREATEST(${tables.data_subject_records}.last_occurred_at, EXCLUDED.last_occurred_at)`,
      [subjects, streams, kinds, times],
    );
  },
};

function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (isUuid(value)) found.add(value);
  else if (Array.isArray(value)) for (const v of value) uuidsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, found);
  return found;
}
