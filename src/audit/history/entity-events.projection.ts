import type pg from 'pg';
import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { arrayLiteral } from '../../projections/batch/array-literal.js';
import { KEY_ONCE_CAUGHT_UP } from '../../projections/deferred-indexes.js';
import type { Projection } from '../../projections/projection.js';
import { entitiesNamedBy, householdOfSubmission } from './entity-ref.js';

type Tables = 'audit_events' | 'audit_entity_events' | 'audit_households';

/**
 * The index behind histories and cause chains: every event's id and place in the log
 * (audit_events), and for each dwelling, application, household, offer, meeting and lease the
 * positions of the events about it (audit_entity_events). The events themselves stay in the log;
 * histories read them from there by stream and revision.
 */
export const entityEventsProjection: Projection<Tables> = {
  name: 'audit-entity-events',
  // 2: leases' and transitions' ids (householdId, transitionId, a lease's origin) are indexed too.
  version: 2,
  // Read at once only through read-your-writes waits, which end the pause: fewer, larger batches
  // behind a burst of appends leave the round trips to the read models integrators poll.
  settleMs: 250,
  tables: {
    audit_events: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX ON ${t} (recorded_at);`,
    // Batches only append to it, one row per entity an event names (entitiesNamedBy gives each
    // once), so its key over random ids is built once a rebuild has caught up.
    audit_entity_events: (t) => `
      CREATE TABLE ${t} (
        entity_kind text NOT NULL,
        entity_id text NOT NULL,
        position bigint NOT NULL,
        type text NOT NULL
      );
      ALTER TABLE ${t} ADD ${KEY_ONCE_CAUGHT_UP} PRIMARY KEY (entity_kind, entity_id, position);`,
    audit_households: (t) => `
      CREATE TABLE ${t} (
        application_id text PRIMARY KEY,
        applicant_id text NOT NULL
      );
      CREATE INDEX ON ${t} (applicant_id);`,
  },
  async apply(client, t, events) {
    const positions: string[] = [];
    const ids: string[] = [];
    const streams: string[] = [];
    const revisions: string[] = [];
    const types: string[] = [];
    const recorded: string[] = [];
    const entity = { kinds: [] as string[], ids: [] as string[], positions: [] as string[], types: [] as string[] };
    const households = await ApplicationHouseholds.load(client, t.audit_households, events);
    for (const event of events) {
      const position = event.position.toString();
      positions.push(position);
      ids.push(event.id);
      streams.push(event.streamId);
      revisions.push(event.revision.toString());
      types.push(event.type);
      recorded.push(event.metadata.recordedAt);
      const applicant = householdOfSubmission(event);
      if (applicant !== null) households.submitted((event.data as { applicationId: string }).applicationId, applicant);
      const refs = entitiesNamedBy(event);
      for (const ref of refs) {
        entity.kinds.push(ref.kind);
        entity.ids.push(ref.id);
        entity.positions.push(position);
        entity.types.push(event.type);
        if (ref.kind === 'application' && !refs.some((r) => r.kind === 'household')) {
          // The household's history: every event about any of its applications.
          const household = households.of(ref.id);
          if (household !== undefined) {
            entity.kinds.push('household');
            entity.ids.push(household);
            entity.positions.push(position);
            entity.types.push(event.type);
          }
        }
      }
    }
    await households.flush(client);
    await client.query(
      `INSERT INTO ${t.audit_events} SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[])`,
      [positions, ids, streams, revisions, types, recorded].map(arrayLiteral),
    );
    await client.query(
      `INSERT INTO ${t.audit_entity_events} SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])`,
      [entity.kinds, entity.ids, entity.positions, entity.types].map(arrayLiteral),
    );
  },
};

/**
 * Which household (applicant) each application belongs to, for one batch: the applications the
 * batch names are looked up in one query, and the batch's own submissions are added in memory
 * (the first one for an application wins, as `ON CONFLICT DO NOTHING` did), so an event later in
 * the batch finds a household submitted earlier in it.
 */
class ApplicationHouseholds {
  private readonly added: Array<[string, string]> = [];

  private constructor(
    private readonly table: string,
    private readonly applicants: Map<string, string>,
  ) {}

  static async load(client: pg.ClientBase, table: string, events: readonly RecordedEvent[]): Promise<ApplicationHouseholds> {
    const named = new Set<string>();
    for (const event of events) {
      for (const ref of entitiesNamedBy(event)) if (ref.kind === 'application') named.add(ref.id);
      // A submitted application's row may be there from an earlier batch already (then it stays).
      if (householdOfSubmission(event) !== null) named.add((event.data as { applicationId: string }).applicationId);
    }
    const applicants = new Map<string, string>();
    if (named.size > 0) {
      const { rows } = await client.query<{ application_id: string; applicant_id: string }>(
        `SELECT application_id, applicant_id FROM ${table} WHERE application_id = ANY($1::text[])`,
        [[...named]],
      );
      for (const row of rows) applicants.set(row.application_id, row.applicant_id);
    }
    return new ApplicationHouseholds(table, applicants);
  }

  submitted(applicationId: string, applicantId: string): void {
    if (this.applicants.has(applicationId)) return;
    this.applicants.set(applicationId, applicantId);
    this.added.push([applicationId, applicantId]);
  }

  of(applicationId: string): string | undefined {
    return this.applicants.get(applicationId);
  }

  async flush(client: pg.ClientBase): Promise<void> {
    if (this.added.length === 0) return;
    await client.query(`INSERT INTO ${this.table} SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [
      this.added.map(([a]) => a),
      this.added.map(([, h]) => h),
    ]);
  }
}
