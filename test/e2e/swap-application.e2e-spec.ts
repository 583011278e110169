import { v7 as uuidv7 } from 'uuid';
import { LeaseCommandsHandler } from '../../src/leases/lease-commands.handler.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import { testDatabaseKinds } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { dwellingInput } from '../support/dwelling-input.js';

const ACQUIRE = `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId } }`;

const dwelling = dwellingInput({ matrikkel: { kommunenummer: '5001', gardsnummer: 420, bruksnummer: 5 } });
const swap = (currentLeaseId: string) => ({
  kind: 'SWAP',
  currentLeaseId,
  submittedOn: '2025-06-02',
  applicant: { name: 'Testperson Bytte' },
  members: [],
  children: 0,
  housingSituation: 'UNSUITABLE_HOME',
  categories: [],
  needs: { minBedrooms: 1 },
  urgency: 'NORMAL',
});
const context = (on: string) => ({ actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });

for (const kind of testDatabaseKinds()) {
  describe(`a swap or extension application names a running lease (${kind})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    const submit = (currentLeaseId: string) => service.graphql(SUBMIT, { input: swap(currentLeaseId) });
    const events = async () => (await service.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    /** A household holding a running lease (an opening balance) of a dwelling bought in 2020. */
    const sittingTenant = async (bruksenhetsnummer: string) => {
      const input = { description: { ...dwelling, bruksenhetsnummer }, method: 'PURCHASE', acquiredOn: '2020-01-10', price: 2_500_000, financing: { ownFunds: 2_500_000 } };
      const dwellingId = (await service.graphql(ACQUIRE, { input })).body.data.acquireDwelling.dwellingId as string;
      const leaseId = uuidv7();
      const householdId = uuidv7();
      await new SignLeaseHandler(service.runtime.store, service.runtime.config).recordOpeningBalance(
        { leaseId, householdId, memberIds: [], dwellingId, importReference: `import-${bruksenhetsnummer}` },
        { contractType: 'ordinary', signedOn: '2020-02-01', startDate: '2020-02-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } },
        context('2020-02-01'),
      );
      return { leaseId, householdId };
    };

    it('accepts a running lease and refuses, writing nothing, one that does not exist or has ended', async () => {
      const { leaseId } = await sittingTenant('H0101');

      expect((await submit(leaseId)).body.errors).toBeUndefined();

      const before = await events();
      const unknown = await submit(uuidv7());
      expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CURRENT_LEASE_NOT_ACTIVE', field: 'input.currentLeaseId' });
      expect(unknown.body.errors[0].message).toMatch(/does not exist/);
      await new LeaseCommandsHandler(service.runtime.executor, service.runtime.store, 3).end(
        { type: 'EndLease', leaseId, endedOn: '2025-05-31', reason: 'moved-out', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' },
        context('2025-05-31'),
      );
      const afterEnd = await events();
      const ended = await submit(leaseId);
      expect(ended.body.errors[0].extensions).toMatchObject({ reason: 'CURRENT_LEASE_NOT_ACTIVE', field: 'input.currentLeaseId' });
      expect(ended.body.errors[0].message).toMatch(/is ended/);
      expect(await events()).toBe(afterEnd);
      expect(afterEnd).toBeGreaterThan(before);
    });

    it("refuses a NEW application from a sitting tenant (KOSTRA counts those apart), writing nothing; once the lease has ended it is new", async () => {
      const { leaseId, householdId } = await sittingTenant('H0102');
      const asNew = { ...swap(leaseId), kind: 'NEW', currentLeaseId: null, applicant: { personId: householdId, name: 'Testperson Leietaker' } };
      const before = await events();
      const refused = await service.graphql(SUBMIT, { input: asNew });
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'APPLICANT_HAS_ACTIVE_LEASE', field: 'input.kind' });
      expect(refused.body.errors[0].message).toContain(leaseId);
      expect(await events()).toBe(before);
      // Another applicant (say a grown child leaving the household) applies as new.
      expect((await service.graphql(SUBMIT, { input: { ...asNew, applicant: { name: 'Testperson Barn' } } })).body.errors).toBeUndefined();
      await new LeaseCommandsHandler(service.runtime.executor, service.runtime.store, 3).end(
        { type: 'EndLease', leaseId, endedOn: '2025-05-31', reason: 'moved-out', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'c' },
        context('2025-05-31'),
      );
      expect((await service.graphql(SUBMIT, { input: asNew })).body.errors).toBeUndefined();
    });
  });
}
