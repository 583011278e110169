import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { toNewEvents } from '../../src/event-store/event-envelope.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { offerStreamId } from '../../src/allocations/offer-stream.js';
import { householdTenancyStreamId } from '../../src/leases/household-tenancy-stream.js';
import { LeaseCommandsHandler } from '../../src/leases/lease-commands.handler.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import type { LeaseTermsInput } from '../../src/leases/sign-lease/lease-terms.input.js';
import { createLogger } from '../../src/observability/logger.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { CrashingStore } from '../support/crashing-store.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const ctx = (on = '2025-01-01') => ({ actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });
const terms: LeaseTermsInput = { contractType: 'ordinary', signedOn: '2025-04-20', startDate: '2025-05-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } };

for (const kind of testDatabaseKinds()) {
  describe(`signing and ending a lease across streams on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), createLogger('silent'));
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    /** Every event in the log, counted in the table (no visibility bound): a refused command adds none. */
    const eventCount = async () => (await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    const types = async (streamId: string) => {
      const out: string[] = [];
      for await (const e of runtime.store.readStream(streamId)) out.push(e.type);
      return out;
    };
    const dwelling = async () => {
      const dwellingId = uuidv7();
      await runtime.executor.execute(
        dwellingDecider,
        dwellingStreamId(dwellingId),
        {
          type: 'RegisterDwelling',
          dwellingId,
          registeredOn: '2020-01-01',
          matrikkel: { kommunenummer: '0301', gardsnummer: 1, bruksnummer: 1, festenummer: null, seksjonsnummer: null },
          bruksenhetsnummer: 'H0101',
          address: { street: 'Gate 1', postalCode: '0150', postalTown: 'Oslo' },
          district: 'Gamle Oslo',
          dwellingType: 'ordinary',
          rooms: 2,
          bedrooms: 1,
          primaryAreaM2: 40,
          floor: 1,
          wheelchairAccessible: false,
          universallyDesigned: false,
          sharedLiving: false,
          rentToOwnPotential: false,
          ownership: 'municipal',
          leaseInEndDate: null,
        } as never,
        ctx('2020-01-01'),
      );
      return dwellingId;
    };
    const leasedIn = async () => {
      const dwellingId = uuidv7();
      await runtime.executor.execute(
        dwellingDecider,
        dwellingStreamId(dwellingId),
        {
          type: 'AcquireDwelling',
          dwellingId,
          acquiredOn: '2020-01-01',
          acquisition: { method: 'lease-in', monthlyRent: 12_000 },
          matrikkel: { kommunenummer: '0301', gardsnummer: 2, bruksnummer: 1, festenummer: null, seksjonsnummer: null },
          bruksenhetsnummer: 'H0101',
          address: { street: 'Gate 2', postalCode: '0150', postalTown: 'Oslo' },
          district: 'Gamle Oslo',
          dwellingType: 'ordinary',
          rooms: 2,
          bedrooms: 1,
          primaryAreaM2: 40,
          floor: 1,
          wheelchairAccessible: false,
          universallyDesigned: false,
          sharedLiving: false,
          rentToOwnPotential: false,
          ownership: 'leased-in',
          leaseInEndDate: '2026-06-30',
        } as never,
        ctx('2020-01-01'),
      );
      return dwellingId;
    };
    const sign = (store: EventStore, leaseId: string, householdId: string, dwellingId: string) =>
      new SignLeaseHandler(store, runtime.config).recordOpeningBalance({ leaseId, householdId, memberIds: [], dwellingId, importReference: 't' }, terms, ctx());

    it('signing lets the dwelling, starts the household tenancy and records the lease with the default term', async () => {
      const dwellingId = await dwelling();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      const signed = await sign(runtime.store, leaseId, householdId, dwellingId);
      expect(signed.position).not.toBeNull();
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet']);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted']);
      const [leaseSigned] = await (async () => {
        const out = [];
        for await (const e of runtime.store.readStream(leaseStreamId(leaseId))) out.push(e);
        return out;
      })();
      // The default term of 36 months from 2025-05-01: its last day is 2028-04-30.
      expect(leaseSigned!.data).toMatchObject({ endDate: '2028-04-30', contractType: 'ordinary' });
    });

    it('a second lease for a household with an active lease is refused and writes nothing', async () => {
      const householdId = uuidv7();
      await sign(runtime.store, uuidv7(), householdId, await dwelling());
      const other = await dwelling();
      const before = await eventCount();
      await expect(sign(runtime.store, uuidv7(), householdId, other)).rejects.toMatchObject({ code: 'HOUSEHOLD_HAS_ACTIVE_LEASE' });
      expect(await eventCount()).toBe(before);
      expect(await types(dwellingStreamId(other))).toEqual(['DwellingRegistered']);
    });

    it('a transfer linked to another household\'s lease is refused and writes nothing; linked to its own ended lease it is signed', async () => {
      const endLease = (leaseId: string) =>
        new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(
          { type: 'EndLease', leaseId, endedOn: '2026-01-31', reason: 'transferred', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' },
          ctx('2026-01-31'),
        );
      const [household, stranger] = [uuidv7(), uuidv7()];
      const [ownLease, strangersLease] = [uuidv7(), uuidv7()];
      await sign(runtime.store, ownLease, household, await dwelling());
      await sign(runtime.store, strangersLease, stranger, await dwelling());
      await endLease(ownLease);
      await endLease(strangersLease);
      const next = await dwelling();
      const nextLease = uuidv7();
      const transfer = (previousLeaseId: string) =>
        new SignLeaseHandler(runtime.store, runtime.config).recordOpeningBalance(
          { leaseId: nextLease, householdId: household, memberIds: [], dwellingId: next, importReference: 't' },
          { ...terms, signedOn: '2026-01-20', startDate: '2026-02-01', previousLeaseId },
          ctx('2026-01-20'),
        );
      const before = await eventCount();
      const refused = transfer(strangersLease);
      await expect(refused).rejects.toMatchObject({ code: 'PREVIOUS_LEASE_NOT_HOUSEHOLDS', field: 'previousLeaseId' });
      await expect(refused).rejects.toThrow(strangersLease);
      expect(await eventCount()).toBe(before);
      expect(await types(householdTenancyStreamId(household))).toEqual(['TenancyStarted', 'TenancyEnded']);
      expect(await types(dwellingStreamId(next))).toEqual(['DwellingRegistered']);
      expect(await types(leaseStreamId(nextLease))).toEqual([]);

      await transfer(ownLease);
      const signed = [];
      for await (const e of runtime.store.readStream(leaseStreamId(nextLease))) signed.push(e);
      expect(signed.map((e) => [e.type, (e.data as { previousLeaseId: string | null }).previousLeaseId])).toEqual([['LeaseSigned', ownLease]]);
    });

    it('a second lease on a let dwelling is refused and writes nothing', async () => {
      const dwellingId = await dwelling();
      await sign(runtime.store, uuidv7(), uuidv7(), dwellingId);
      const before = await eventCount();
      const household = uuidv7();
      await expect(sign(runtime.store, uuidv7(), household, dwellingId)).rejects.toMatchObject({ code: 'DWELLING_LET' });
      expect(await eventCount()).toBe(before);
      expect(await types(householdTenancyStreamId(household))).toEqual([]);
    });

    it('two households signing for one dwelling at once: one lease; the other household is left with no active tenancy', async () => {
      const dwellingId = await dwelling();
      const [h1, h2] = [uuidv7(), uuidv7()];
      const outcomes = await Promise.allSettled([sign(runtime.store, uuidv7(), h1, dwellingId), sign(runtime.store, uuidv7(), h2, dwellingId)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet']);
      const loser = outcomes[0]!.status === 'rejected' ? h1 : h2;
      // Refused before writing, or (when both passed the check) its tenancy step undone.
      expect([[], ['TenancyStarted', 'TenancyEnded']]).toContainEqual(await types(householdTenancyStreamId(loser)));
      await sign(runtime.store, uuidv7(), loser, await dwelling()); // and it may sign another lease
    });

    it('bad terms are refused before anything is written, naming the field', async () => {
      const dwellingId = await dwelling();
      const before = await eventCount();
      const error = await new SignLeaseHandler(runtime.store, runtime.config)
        .recordOpeningBalance({ leaseId: uuidv7(), householdId: uuidv7(), memberIds: [], dwellingId, importReference: 't' }, { ...terms, monthlyRent: -5 }, ctx())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe('monthlyRent');
      expect(await eventCount()).toBe(before);
    });

    it('a signing cut short after the household step is completed by sending it again, with no step twice', async () => {
      const dwellingId = await dwelling();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      const crashing = new CrashingStore(runtime.store, 'dwelling-');
      await expect(sign(crashing, leaseId, householdId, dwellingId)).rejects.toThrow('connection lost');
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted']);
      expect(await types(leaseStreamId(leaseId))).toEqual([]);
      crashing.failing = false;
      await sign(crashing, leaseId, householdId, dwellingId);
      await sign(runtime.store, leaseId, householdId, dwellingId);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted']);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet']);
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned']);
    });

    it('a lease is signed only from an accepted offer', async () => {
      const offerId = uuidv7();
      await expect(new SignLeaseHandler(runtime.store, runtime.config).signFromOffer(offerId, terms, ctx())).rejects.toMatchObject({ code: 'OFFER_NOT_FOUND' });
      await runtime.store.append(
        offerStreamId(offerId),
        toNewEvents(
          [
            {
              type: 'DwellingOffered',
              data: {
                offerId,
                applicationId: uuidv7(),
                dwellingId: uuidv7(),
                meetingId: 'm',
                decidedOn: '2025-04-01',
                offeredOn: '2025-04-02',
                answerBy: '2025-04-16',
                legalBasis: 'x',
                reasons: 'y',
                listPosition: null,
                fit: { requiredBedrooms: 1, dwellingBedrooms: 1, inPreferredDistrict: false },
                concentration: null,
                concentrationOverride: null,
                actor: 'a',
              },
            },
          ],
          ctx(),
        ),
        'no_stream',
      );
      await expect(new SignLeaseHandler(runtime.store, runtime.config).signFromOffer(offerId, terms, ctx())).rejects.toMatchObject({ code: 'OFFER_NOT_ACCEPTED' });
    });

    it('ending frees the household and the dwelling; ending again the same way changes nothing', async () => {
      const dwellingId = await dwelling();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, dwellingId);
      const commands = new LeaseCommandsHandler(runtime.executor, runtime.store, 3);
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-01-31', reason: 'death' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      expect(await commands.end(end, ctx('2026-01-31'))).not.toBeNull();
      expect(await commands.end(end, ctx('2026-02-01'))).toBeNull();
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet', 'DwellingVacated']);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
      // The household may now sign again.
      await sign(runtime.store, uuidv7(), householdId, await dwelling());
    });

    it('an ending cut short after the lease step: a new signing for the household says so, and writes nothing', async () => {
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, await dwelling());
      const crashing = new CrashingStore(runtime.store, 'household-');
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-01-31', reason: 'moved-out' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      await expect(new LeaseCommandsHandler(runtime.executor, crashing, 3).end(end, ctx('2026-01-31'))).rejects.toThrow('connection lost');
      const other = await dwelling();
      const before = await eventCount();
      const refused = sign(runtime.store, uuidv7(), householdId, other);
      await expect(refused).rejects.toMatchObject({ code: 'UNFINISHED_LEASE_END', field: 'householdId' });
      await expect(refused).rejects.toThrow(leaseId);
      expect(await eventCount()).toBe(before);
      // Sending the ending again completes it; then the household may sign.
      await new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(end, ctx('2026-02-01'));
      await sign(runtime.store, uuidv7(), householdId, other);
    });

    it('when the lease-in ends, the lease ends, the dwelling is vacated and leaves the portfolio', async () => {
      const dwellingId = await leasedIn();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, uuidv7(), dwellingId);
      const commands = new LeaseCommandsHandler(runtime.executor, runtime.store, 3);
      await commands.end({ type: 'EndLease', leaseId, endedOn: '2026-06-30', reason: 'lease-in-ended', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' }, ctx('2026-06-30'));
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingVacated', 'LeaseInEnded']);
    });

    it('ending a lease because the lease-in ended, on a dwelling the municipality owns, is refused and writes nothing', async () => {
      const dwellingId = await dwelling();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, dwellingId);
      const before = await eventCount();
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-06-30', reason: 'lease-in-ended' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      await expect(new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(end, ctx('2026-06-30'))).rejects.toMatchObject({ code: 'NOT_LEASED_IN' });
      expect(await eventCount()).toBe(before);
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned']);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted']);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet']);
    });

    it('ending a lease as bought while the dwelling is not sold is refused and writes nothing (it would stay let under an ended lease)', async () => {
      const dwellingId = await dwelling();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, dwellingId);
      const before = await eventCount();
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-06-30', reason: 'bought-dwelling' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      await expect(new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(end, ctx('2026-06-30'))).rejects.toMatchObject({ code: 'DWELLING_NOT_SOLD', field: 'reason' });
      expect(await eventCount()).toBe(before);
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned']);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingRegistered', 'DwellingLet']);
    });

    it('ending a lease because the lease-in ended is refused before anything is written when the dwelling still has a grant outstanding', async () => {
      const dwellingId = await leasedIn();
      // A history from before a grant on a leased-in dwelling was refused: the grant is on record.
      const stream = [];
      for await (const e of runtime.store.readStream(dwellingStreamId(dwellingId))) stream.push(e);
      await runtime.store.append(
        dwellingStreamId(dwellingId),
        toNewEvents([{ type: 'RentalHousingGrantRecorded', data: { dwellingId, grant: { amount: 400_000, grantDate: '2020-01-01', writeDownYears: 30 } } }], ctx('2020-01-02')),
        stream.at(-1)!.revision,
      );
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, dwellingId);
      const before = await eventCount();
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-06-30', reason: 'lease-in-ended' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      await expect(new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(end, ctx('2026-06-30'))).rejects.toMatchObject({ code: 'GRANT_OUTSTANDING' });
      expect(await eventCount()).toBe(before);
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned']);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted']);
    });

    it('an ending because the lease-in ended, cut short after the lease step, is completed by sending it again', async () => {
      const dwellingId = await leasedIn();
      const householdId = uuidv7();
      const leaseId = uuidv7();
      await sign(runtime.store, leaseId, householdId, dwellingId);
      const end = { type: 'EndLease' as const, leaseId, endedOn: '2026-06-30', reason: 'lease-in-ended' as const, evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' };
      const crashing = new CrashingStore(runtime.store, 'household-');
      await expect(new LeaseCommandsHandler(runtime.executor, crashing, 3).end(end, ctx('2026-06-30'))).rejects.toThrow('connection lost');
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned', 'LeaseEnded']);
      await new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(end, ctx('2026-07-01'));
      expect(await types(leaseStreamId(leaseId))).toEqual(['LeaseSigned', 'LeaseEnded']);
      expect(await types(householdTenancyStreamId(householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
      expect(await types(dwellingStreamId(dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingVacated', 'LeaseInEnded']);
    });
  });
}
