import { v7 as uuidv7 } from 'uuid';
import type { CommandContext } from '../../src/event-store/event-envelope.js';
import type { ApplicationCommand, SubmitApplication } from '../../src/applications/application/application.commands.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';
import { ApplicationsReadModel } from '../../src/applications/applications.read-model.js';
import { AllocationsReadModel } from '../../src/allocations/allocations.read-model.js';
import { AnswerOfferHandler } from '../../src/allocations/answer-offer/answer-offer.handler.js';
import { AnswerOfferMessage, type OfferAnswer } from '../../src/allocations/answer-offer/answer-offer.message.js';
import { committeeMeetingDecider } from '../../src/allocations/committee-meeting/committee-meeting.decider.js';
import { MakeOfferHandler } from '../../src/allocations/make-offer/make-offer.handler.js';
import { MakeOfferMessage, type MakeOfferInput } from '../../src/allocations/make-offer/make-offer.message.js';
import { meetingStreamId } from '../../src/allocations/meeting-stream.js';
import { ReadYourWrites } from '../../src/graphql/read-your-writes.js';
import { lastCommittedPosition } from '../../src/command-handling/read-models-caught-up.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../../src/portfolio/dwelling/dwelling.commands.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import { createTestDatabase } from './test-database.js';

export const context = (on = '2025-01-01'): CommandContext => ({ actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });

/** A dwelling in building `building` (0, 1, …) of Trondheim, district by building. */
export function dwellingDescription(building: number, unit: number, change: Record<string, unknown> = {}) {
  return {
    matrikkel: { kommunenummer: '5001', gardsnummer: 400 + building, bruksnummer: 1, festenummer: null, seksjonsnummer: null },
    bruksenhetsnummer: `H01${String(unit + 1).padStart(2, '0')}`,
    address: { street: `Elgeseter gate ${building + 1}`, postalCode: '7030', postalTown: 'Trondheim' },
    district: building % 2 === 0 ? 'Midtbyen' : 'Lerkendal',
    dwellingType: 'ordinary' as const,
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 60,
    floor: 1,
    wheelchairAccessible: false,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership: 'municipal' as const,
    leaseInEndDate: null,
    ...change,
  };
}

export const submitCommand = (applicationId: string, change: Partial<SubmitApplication> = {}): SubmitApplication => ({
  type: 'SubmitApplication',
  applicationId,
  actor: 'caseworker-1',
  kind: 'new',
  currentLeaseId: null,
  submittedOn: '2025-01-06',
  household: { applicantId: uuidv7(), memberIds: [], children: 0 },
  housingSituation: 'without-home',
  categories: [],
  refugeeArrivalDate: null,
  needs: { minBedrooms: 1, wheelchairAccessible: false, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: ['Midtbyen'], avoidedDistricts: [] },
  urgency: 'normal',
  ...change,
});

/** Waits until every read model has processed every event committed so far. */
export async function caughtUp(runtime: Runtime): Promise<void> {
  await runtime.runner.waitForPosition(await lastCommittedPosition(runtime), 10_000);
}

/** Runs the application, dwelling and meeting commands, and the offer handlers, straight on a runtime. */
export function allocationDriver(runtime: Runtime) {
  const readYourWrites = new ReadYourWrites(runtime.runner, 10_000);
  const applications = new ApplicationsReadModel(runtime.pool);
  const allocations = new AllocationsReadModel(runtime.pool);
  const makeOffer = new MakeOfferHandler(runtime.executor, runtime.store, runtime, applications, allocations, readYourWrites);
  const answer = new AnswerOfferHandler(runtime.executor, runtime.store, runtime);
  return {
    applications,
    allocations,
    dwelling: (command: DwellingCommand) => runtime.executor.execute(dwellingDecider, dwellingStreamId(command.dwellingId), command, context()),
    async registerDwelling(building: number, unit: number, change: Record<string, unknown> = {}) {
      const dwellingId = uuidv7();
      await runtime.executor.execute(dwellingDecider, dwellingStreamId(dwellingId), { type: 'RegisterDwelling', dwellingId, ...dwellingDescription(building, unit, change), registeredOn: '2024-01-01' } as DwellingCommand, context());
      return dwellingId;
    },
    application: (command: ApplicationCommand) => runtime.executor.execute(applicationDecider, applicationStreamId(command.applicationId), command, context()),
    async approved(change: Partial<SubmitApplication> = {}, decidedOn = '2025-01-15') {
      const applicationId = uuidv7();
      await this.application(submitCommand(applicationId, change));
      await this.application({
        type: 'DecideApplication',
        applicationId,
        actor: 'caseworker-1',
        outcome: 'approved',
        legalBasis: 'boligsosialloven § 6',
        reasons: 'Meets the criteria.',
        decidedOn,
        notifiedOn: decidedOn,
        validityMonths: 12,
      });
      return applicationId;
    },
    async meeting(heldOn = '2025-03-03') {
      const meetingId = uuidv7();
      await runtime.executor.execute(
        committeeMeetingDecider,
        meetingStreamId(meetingId),
        { type: 'ConveneMeeting', meetingId, actor: 'secretary', heldOn, members: ['a', 'b', 'c'], minimumMembers: 3 },
        context(heldOn),
      );
      return meetingId;
    },
    offer(input: Partial<MakeOfferInput> & Pick<MakeOfferInput, 'meetingId' | 'applicationId' | 'dwellingId'>) {
      return makeOffer.execute(
        new MakeOfferMessage(
          { offerId: uuidv7(), offeredOn: '2025-03-04', answerBy: null, legalBasis: 'tildelingsforskriften § 5', reasons: 'Fits.', concentrationOverride: null, ...input },
          context('2025-03-04'),
        ),
      );
    },
    answer: (a: OfferAnswer) => answer.execute(new AnswerOfferMessage(a, context(a.on))),
  };
}

/**
 * A runtime on a fresh test database with its projections running, and the allocation driver on
 * it: the set-up the allocation and lease handler specs share. `eventCount` counts the events table
 * itself (no visibility bound), so a refused command can be seen to add none.
 */
export async function startAllocationRuntime(kind: 'pglite' | 'postgres') {
  const db = await createTestDatabase(kind, 4);
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
  await runtime.runner.start();
  return {
    runtime,
    drive: allocationDriver(runtime),
    eventCount: async () => (await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n,
    async stop() {
      await runtime.close();
      await db.drop();
    },
  };
}
