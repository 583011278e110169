import { v7 as uuidv7 } from 'uuid';
import { LeaseCommandsHandler } from '../../src/leases/lease-commands.handler.js';
import { leaseIdForOffer } from '../../src/leases/lease-id.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import type { LeaseTermsInput } from '../../src/leases/sign-lease/lease-terms.input.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { allocationDriver, context, startAllocationRuntime } from '../support/allocation-fixtures.js';
import { testDatabaseKinds } from '../support/test-database.js';

const terms: LeaseTermsInput = { contractType: 'ordinary', signedOn: '2025-04-20', startDate: '2025-05-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } };

/**
 * A swap: the tenant's application names its current lease, and the new lease links back to it.
 * The applicant's id need not be the household id on the old lease (a member applied, or the
 * application was submitted without the person's id), so the link is checked against the lease the
 * application named, which must have ended.
 */
for (const kind of testDatabaseKinds()) {
  describe(`a transfer linked to the lease a swap application named, on ${kind}`, () => {
    let fixture: Awaited<ReturnType<typeof startAllocationRuntime>>;
    let runtime: Runtime;
    let drive: ReturnType<typeof allocationDriver>;
    let building = 0;
    beforeAll(async () => {
      fixture = await startAllocationRuntime(kind);
      ({ runtime, drive } = fixture);
    });
    afterAll(() => fixture.stop());

    const eventCount = () => fixture.eventCount();
    const signing = () => new SignLeaseHandler(runtime.store, runtime.config);

    /** The old tenancy (household A), and a swap application naming it whose applicant is another id, with an accepted offer. */
    const swap = async (endOldLease: boolean, how: { reason?: 'transferred' | 'eviction'; transferTo?: string | null } = {}) => {
      building += 1;
      const oldLease = uuidv7();
      await signing().recordOpeningBalance(
        { leaseId: oldLease, householdId: uuidv7(), memberIds: [], dwellingId: await drive.registerDwelling(300 + building, 0), importReference: 'import' },
        { ...terms, signedOn: '2020-01-01', startDate: '2020-01-01' },
        context('2020-01-01'),
      );
      const applicationId = await drive.approved({ kind: 'swap', currentLeaseId: oldLease });
      const { offerId } = await drive.offer({ meetingId: await drive.meeting(), applicationId, dwellingId: await drive.registerDwelling(400 + building, 0) });
      await drive.answer({ kind: 'accept', offerId, on: '2025-03-10' });
      if (endOldLease) {
        await new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(
          {
            type: 'EndLease',
            leaseId: oldLease,
            endedOn: '2025-04-30',
            reason: how.reason ?? 'transferred',
            evictionEnforcedOn: how.reason === 'eviction' ? '2025-04-30' : null,
            transferLeaseId: how.reason === 'eviction' ? null : how.transferTo === undefined ? leaseIdForOffer(offerId) : how.transferTo,
            note: null,
            actor: 'c',
          },
          context('2025-04-20'),
        );
      }
      return { oldLease, offerId };
    };

    it('signs the new lease linked back to the ended lease the application named', async () => {
      const { oldLease, offerId } = await swap(true);
      await signing().signFromOffer(offerId, { ...terms, previousLeaseId: oldLease }, context('2025-04-20'));
      const signed = [];
      for await (const e of runtime.store.readStream(leaseStreamId(leaseIdForOffer(offerId)))) signed.push(e);
      expect(signed.map((e) => [e.type, (e.data as { previousLeaseId: string | null }).previousLeaseId])).toEqual([['LeaseSigned', oldLease]]);
    });

    it('refuses the link, writing nothing, while the named lease has not ended', async () => {
      const { oldLease, offerId } = await swap(false);
      const before = await eventCount();
      await expect(signing().signFromOffer(offerId, { ...terms, previousLeaseId: oldLease }, context('2025-04-20'))).rejects.toMatchObject({
        code: 'PREVIOUS_LEASE_NOT_HOUSEHOLDS',
        field: 'previousLeaseId',
      });
      expect(await eventCount()).toBe(before);
    });

    it('refuses the link when the named lease ended otherwise (an eviction) or as a transfer to another lease', async () => {
      for (const how of [{ reason: 'eviction' as const }, { transferTo: uuidv7() }]) {
        const { oldLease, offerId } = await swap(true, how);
        const before = await eventCount();
        await expect(signing().signFromOffer(offerId, { ...terms, previousLeaseId: oldLease }, context('2025-04-20'))).rejects.toMatchObject({ code: 'PREVIOUS_LEASE_NOT_HOUSEHOLDS' });
        expect(await eventCount()).toBe(before);
      }
    });

    it('accepts the link when the named lease ended as a transfer that named no lease', async () => {
      const { oldLease, offerId } = await swap(true, { transferTo: null });
      await signing().signFromOffer(offerId, { ...terms, previousLeaseId: oldLease }, context('2025-04-20'));
    });

    it('refuses a link to any other lease of another household', async () => {
      const { offerId } = await swap(true);
      const { oldLease: strangers } = await swap(true);
      await expect(signing().signFromOffer(offerId, { ...terms, previousLeaseId: strangers }, context('2025-04-20'))).rejects.toMatchObject({ code: 'PREVIOUS_LEASE_NOT_HOUSEHOLDS' });
    });
  });
}
