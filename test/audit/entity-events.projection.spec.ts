import { v7 as uuidv7 } from 'uuid';
import { entityEventsProjection } from '../../src/audit/history/entity-events.projection.js';
import { loadConfig } from '../../src/config/config.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { KostraScenario } from '../reporting/kostra-scenario.js';
import { applyInBatches, eventsFor, tableText } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { appendAcceptance, appendAllocation, type AllocationIds } from './allocation-history.fixture.js';

for (const kind of testDatabaseKinds()) {
  describe(`audit entity-events projection on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let events: RecordedEvent[];
    let first: AllocationIds;

    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      // The runner is not started: the test applies the log's events itself.
      runtime = await openRuntime(
        loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20', REPORT_SCHEDULE: 'off' }),
        createLogger('silent'),
      );
      await new KostraScenario(runtime).build();
      // One household with two applications, allocated through a committee: offers and meetings name the application, not the household.
      const applicantId = uuidv7();
      const dwellingId = uuidv7();
      first = { applicationId: uuidv7(), applicantId, meetingId: uuidv7(), offerId: uuidv7(), dwellingId };
      const second = { applicationId: uuidv7(), applicantId, meetingId: uuidv7(), offerId: uuidv7(), dwellingId };
      await appendAllocation(runtime.store, first, uuidv7());
      await appendAllocation(runtime.store, second, uuidv7());
      // A repeated submission naming another applicant: the first submission's household stays the application's.
      await runtime.store.append(
        `application-${first.applicationId}`,
        [{
          id: uuidv7(), type: 'ApplicationSubmitted', schemaVersion: 1,
          data: { applicationId: first.applicationId, household: { applicantId: uuidv7() } },
          metadata: { actor: 'test', role: 'caseworker', correlationId: uuidv7(), causationId: uuidv7(), occurredAt: '2025-03-05T09:00:00.000Z' },
        }],
        'any',
      );
      await appendAcceptance(runtime.store, first, uuidv7());
      events = await eventsFor(runtime.store, entityEventsProjection);
    }, 120_000);
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('indexes the same entities, households included, whether the events come in one batch, one by one or in small batches', async () => {
      const whole = await applyInBatches(runtime.pool, entityEventsProjection, 'whole', events, events.length);
      const single = await applyInBatches(runtime.pool, entityEventsProjection, 'single', events, 1);
      const small = await applyInBatches(runtime.pool, entityEventsProjection, 'small', events, 3);
      for (const table of Object.keys(entityEventsProjection.tables) as Array<keyof typeof whole>) {
        const expected = await tableText(runtime.pool, single[table]);
        expect({ table, rows: await tableText(runtime.pool, whole[table]) }).toEqual({ table, rows: expected });
        expect({ table, rows: await tableText(runtime.pool, small[table]) }).toEqual({ table, rows: expected });
      }
      // The household's history holds the events of both its applications, from the submission to the housing.
      const { rows } = await runtime.pool.query<{ type: string }>(
        `SELECT type FROM ${whole.audit_entity_events} WHERE entity_kind = 'household' AND entity_id = $1 ORDER BY position`,
        [first.applicantId],
      );
      const types = rows.map((r) => r.type);
      expect(types.filter((t) => t === 'ApplicationSubmitted')).toHaveLength(3);
      expect(types).toEqual(expect.arrayContaining(['CommitteeDecisionRecorded', 'DwellingOffered', 'OfferAccepted', 'ApplicantHoused']));
    });
  });
}
