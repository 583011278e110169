import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { tableChecksum } from '../../src/projections/read-model-checksum.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { appendStep } from '../../src/allocations/append-step.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import { applicationStreamId } from '../../src/applications/application-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { offerStreamId } from '../../src/allocations/offer-stream.js';
import { meetingStreamId } from '../../src/allocations/meeting-stream.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { allocationDriver, caughtUp, context } from '../support/allocation-fixtures.js';
import { lastCommittedPosition } from '../../src/command-handling/read-models-caught-up.js';

const TABLES = ['committee_meetings', 'committee_decisions', 'offers', 'allocation_households', 'allocation_placements'];

for (const kind of testDatabaseKinds()) {
  describe(`allocations projection and the offer process on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '5', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
      drive = allocationDriver(runtime);
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    const streamTypes = async (streamId: string) => {
      const types: string[] = [];
      for await (const e of runtime.store.readStream(streamId)) types.push(e.type);
      return types;
    };

    it('counts dwellings offered or let to capped households per building and district, and frees them on decline and vacancy', async () => {
      const building: string[] = [];
      for (const u of [0, 1, 2, 3, 4]) building.push(await drive.registerDwelling(0, u));
      const other = await drive.registerDwelling(2, 0); // same district (Midtbyen), another building
      const meetingId = await drive.meeting();
      const capped = { categories: ['substance-abuse-or-mental-illness' as const] };
      const a1 = await drive.approved(capped);
      const a2 = await drive.approved(capped);
      const a3 = await drive.approved({ categories: ['elderly'] });

      await drive.offer({ meetingId, applicationId: a1, dwellingId: building[0]! });
      await drive.offer({ meetingId, applicationId: a3, dwellingId: building[1]! });
      const capCategories = runtime.config.allocation.concentration.categories;
      await caughtUp(runtime);
      const buildingKey = (await runtime.pool.query(`SELECT building_key FROM dwellings WHERE dwelling_id = $1`, [building[2]])).rows[0].building_key;
      expect(await drive.allocations.concentrationCounts(building[2]!, buildingKey, 'Midtbyen', capCategories)).toEqual({
        building: { buildingKey, dwellings: 5, inCappedCategories: 1 },
        district: { district: 'Midtbyen', dwellings: 6, inCappedCategories: 1 },
      });

      // The second capped household in a building of 5 breaks the cap of 25 % (2 of 5 = 40 %); refused, nothing written.
      const before = await lastCommittedPosition(runtime);
      await expect(drive.offer({ meetingId, applicationId: a2, dwellingId: building[2]! })).rejects.toMatchObject({ code: 'CONCENTRATION_CAP_EXCEEDED' });
      expect(await lastCommittedPosition(runtime)).toBe(before);
      expect(await streamTypes(dwellingStreamId(building[2]!))).toEqual(['DwellingRegistered']);
      // In the other building of the district it is fine.
      const o2 = await drive.offer({ meetingId, applicationId: a2, dwellingId: other });

      // a1 declines: the placement ends, the dwelling is available, the household is back on the list.
      const declined = (await runtime.pool.query(`SELECT offer_id FROM offers WHERE application_id = $1`, [a1])).rows[0].offer_id;
      await drive.answer({ kind: 'decline', offerId: declined, on: '2025-03-06', reason: 'Too far from work.' });
      await caughtUp(runtime);
      expect(await drive.allocations.concentrationCounts(building[2]!, buildingKey, 'Midtbyen', capCategories)).toMatchObject({
        building: { inCappedCategories: 0 },
        district: { inCappedCategories: 1 },
      });
      const a1Row = await drive.applications.byId(a1);
      expect(a1Row).toMatchObject({ status: 'approved', offers_declined: 1 });
      expect(await streamTypes(dwellingStreamId(building[0]!))).toEqual(['DwellingRegistered', 'DwellingReserved', 'ReservationReleased']);

      // a2 accepts, moves in, later moves out (the leases cause MarkLet and MarkVacated): the placement ends.
      await drive.answer({ kind: 'accept', offerId: o2.offerId, on: '2025-03-07' });
      await drive.dwelling({ type: 'MarkLet', dwellingId: other, leaseId: 'lease-1', applicationId: a2, letOn: '2025-04-01' });
      await caughtUp(runtime);
      expect((await runtime.pool.query(`SELECT status FROM allocation_placements WHERE offer_id = $1`, [o2.offerId])).rows[0].status).toBe('accepted');
      await drive.dwelling({ type: 'MarkVacated', dwellingId: other, leaseId: 'lease-1', vacatedOn: '2027-04-01' });
      await caughtUp(runtime);
      expect((await runtime.pool.query(`SELECT status, since FROM allocation_placements WHERE offer_id = $1`, [o2.offerId])).rows[0]).toEqual({ status: 'ended', since: '2027-04-01' });

      const offers = await runtime.pool.query(`SELECT status, count(*)::int AS n FROM offers GROUP BY status ORDER BY status`);
      expect(offers.rows).toEqual([{ status: 'accepted', n: 1 }, { status: 'declined', n: 1 }, { status: 'made', n: 1 }]);
      expect((await drive.allocations.decisions(meetingId)).map((d) => d.kind)).toEqual(['offer', 'offer', 'offer']);
    });

    it('completes an offer interrupted after the reservation, or after marking the application, without doubling a step', async () => {
      const meetingId = await drive.meeting('2025-05-05');
      const dwellingId = await drive.registerDwelling(4, 0);
      const applicationId = await drive.approved();
      const offerId = uuidv7();
      // A run that crashed after reserving the dwelling and marking the application, before writing the offer.
      const dwelling = await runtime.executor.load(dwellingDecider, dwellingStreamId(dwellingId));
      await appendStep(
        runtime.store,
        dwellingStreamId(dwellingId),
        [{ type: 'DwellingReserved', data: { dwellingId, applicationId, reservedOn: '2025-05-06' } }],
        dwelling.revision,
        context('2025-05-06'),
        `offer:${offerId}:reserve-dwelling@${dwelling.revision + 1n}`,
      );
      const application = await runtime.executor.load(applicationDecider, applicationStreamId(applicationId));
      await appendStep(
        runtime.store,
        applicationStreamId(applicationId),
        [{ type: 'ApplicationOffered', data: { applicationId, offerId, dwellingId, offeredOn: '2025-05-06', actor: 'caseworker-1' } }],
        application.revision,
        context('2025-05-06'),
        `offer:${offerId}:mark-application@${application.revision + 1n}`,
      );

      // The re-run recognises its own claims and writes the offer once.
      await drive.offer({ offerId, meetingId, applicationId, dwellingId, offeredOn: '2025-05-06' });
      await drive.offer({ offerId, meetingId, applicationId, dwellingId, offeredOn: '2025-05-06' });
      expect(await streamTypes(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved']);
      expect(await streamTypes(applicationStreamId(applicationId))).toEqual(['ApplicationSubmitted', 'ApplicationDecided', 'ApplicationOffered']);
      expect(await streamTypes(offerStreamId(offerId))).toEqual(['DwellingOffered']);
      expect(await streamTypes(meetingStreamId(meetingId))).toEqual(['MeetingConvened', 'CommitteeDecisionRecorded']);

      // Someone else's reservation is not mistaken for ours: another offer of the same dwelling is refused.
      const other = await drive.approved();
      await expect(drive.offer({ meetingId, applicationId: other, dwellingId, offeredOn: '2025-05-06' })).rejects.toMatchObject({ code: 'DWELLING_NOT_AVAILABLE' });

      // Declining twice (a retried request) frees the dwelling once.
      await drive.answer({ kind: 'decline', offerId, on: '2025-05-07', reason: 'Prefers another district.' });
      await drive.answer({ kind: 'decline', offerId, on: '2025-05-07', reason: 'Prefers another district.' });
      expect(await streamTypes(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingReserved', 'ReservationReleased']);
      expect(await streamTypes(applicationStreamId(applicationId))).toEqual(['ApplicationSubmitted', 'ApplicationDecided', 'ApplicationOffered', 'ReturnedToWaitingList']);
      // …but accepting a declined offer is refused.
      await expect(drive.answer({ kind: 'accept', offerId, on: '2025-05-07' })).rejects.toMatchObject({ code: 'OFFER_CLOSED' });
    });

    it('releases its reservation when the application changed between the check and the marking', async () => {
      const meetingId = await drive.meeting('2025-06-02');
      const dwellingId = await drive.registerDwelling(6, 0);
      const applicationId = await drive.approved();
      // Withdrawn while the offer is being made: simulated by a withdrawal the offer's read did not see.
      const offer = drive.offer({ meetingId, applicationId, dwellingId, offeredOn: '2025-06-03' });
      await drive.application({ type: 'WithdrawApplication', applicationId, actor: 'caseworker-1', withdrawnOn: '2025-06-02', reason: null, validityMonths: 12 }).catch(() => undefined);
      await offer.catch(() => undefined);
      // Whichever came first, the dwelling is never left reserved for an application that holds no offer.
      const types = await streamTypes(dwellingStreamId(dwellingId));
      const appTypes = await streamTypes(applicationStreamId(applicationId));
      if (appTypes.includes('ApplicationOffered')) expect(types).toEqual(['DwellingRegistered', 'DwellingReserved']);
      else expect(types.filter((t) => t === 'DwellingReserved').length).toBe(types.filter((t) => t === 'ReservationReleased').length);
    });

    it('makes two simultaneous offers in one building one after the other, so the cap is counted with the first', async () => {
      const meetingId = await drive.meeting('2025-07-01');
      const building: string[] = [];
      for (const u of [0, 1, 2, 3]) building.push(await drive.registerDwelling(8, u));
      const capped = { categories: ['substance-abuse-or-mental-illness' as const] };
      const first = await drive.approved(capped);
      const second = await drive.approved(capped);
      const outcomes = await Promise.allSettled([
        drive.offer({ meetingId, applicationId: first, dwellingId: building[0]!, offeredOn: '2025-07-02' }),
        drive.offer({ meetingId, applicationId: second, dwellingId: building[1]!, offeredOn: '2025-07-02' }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refusal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect(refusal.reason).toMatchObject({ code: 'CONCENTRATION_CAP_EXCEEDED' });
    });

    // Two handler instances stand for two service processes: each has its own in-process queue, so
    // only the database lock keeps them apart. (PGlite serves one process, whose queue suffices.)
    (kind === 'postgres' ? it : it.skip)('makes simultaneous offers from two processes in one district one after the other', async () => {
      const meetingId = await drive.meeting('2025-07-01');
      const building: string[] = [];
      for (const u of [0, 1, 2, 3]) building.push(await drive.registerDwelling(9, u));
      const capped = { categories: ['substance-abuse-or-mental-illness' as const] };
      const first = await drive.approved(capped);
      const second = await drive.approved(capped);
      const otherProcess = allocationDriver(runtime);
      const outcomes = await Promise.allSettled([
        drive.offer({ meetingId, applicationId: first, dwellingId: building[0]!, offeredOn: '2025-07-02' }),
        otherProcess.offer({ meetingId, applicationId: second, dwellingId: building[1]!, offeredOn: '2025-07-02' }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refusal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect(refusal.reason).toMatchObject({ code: 'CONCENTRATION_CAP_EXCEEDED' });
    });

    it('rebuilds identically', async () => {
      await caughtUp(runtime);
      const before = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      const generation = await runtime.runner.requestRebuild('allocations');
      for (let i = 0; i < 500 && (await runtime.runner.status()).find((s) => s.name === 'allocations')!.live?.generation !== generation; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)))).toEqual(before);
      expect((await runtime.runner.verifyAgainstShadow('allocations')).identical).toBe(true);
    });
  });
}
