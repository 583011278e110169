import { applicationStreamId } from '../../src/applications/application-stream.js';
import { leaseIdForOffer } from '../../src/leases/lease-id.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

/**
 * Application → offer accepted → lease → rent adjusted → the tenant buys the dwelling.
 * Everything over GraphQL, as a caseworker's client would do it.
 */
const ACQUIRE = `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId position } }`;
const LEASE = `query ($id: ID!, $p: LogPosition) { lease(id: $id, atLeast: $p) {
  id householdId dwellingId origin offerId applicationId contractType startDate endDate monthlyRent status
  security { kind amount } ended { endedOn reason } rentChanges { effectiveFrom previousRent newRent basis } } }`;

for (const kind of testDatabaseKinds()) {
  describe(`lease to ownership over GraphQL (${kind})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    const ok = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await service.graphql(query, variables);
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };
    const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
      const until = Date.now() + 15_000;
      for (;;) {
        const value = await read();
        if (done(value) || Date.now() > until) return value;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    it('ends with the dwelling out of the portfolio, the lease ended and the KPI counting one household', async () => {
      const { runtime } = service;
      // The dwelling, bought in 2015 with Husbanken's rental-housing grant.
      const acquired = await ok(ACQUIRE, {
        input: {
          description: {
            matrikkel: { kommunenummer: '5501', gardsnummer: 118, bruksnummer: 45 },
            bruksenhetsnummer: 'H0102',
            address: { street: 'Storgata 80', postalCode: '9008', postalTown: 'Tromsø' },
            district: 'Sentrum',
            dwellingType: 'ORDINARY',
            rooms: 3,
            bedrooms: 2,
            primaryAreaM2: 64,
            floor: 1,
            wheelchairAccessible: false,
            universallyDesigned: false,
            sharedLiving: false,
            rentToOwnPotential: true,
            ownership: 'MUNICIPAL',
          },
          method: 'PURCHASE',
          acquiredOn: '2015-06-15',
          price: 2_600_000,
          financing: { rentalHousingGrant: { amount: 800_000, grantDate: '2015-06-15' }, husbankenLoan: 1_500_000, ownFunds: 300_000 },
        },
      });
      const dwellingId: string = acquired.acquireDwelling.dwellingId;

      // The application, approved; the committee offers the dwelling; the household accepts.
      const submitted = await ok(`mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId position } }`, {
        input: {
          kind: 'NEW',
          submittedOn: '2025-01-06',
          applicant: { name: 'Testperson Leietaker', nationalId: null },
          members: [{ name: 'Testperson Barn', nationalId: null }],
          children: 1,
          housingSituation: 'WITHOUT_HOME',
          categories: ['REFUGEE_SETTLEMENT'],
          refugeeArrivalDate: '2024-09-01',
          needs: { minBedrooms: 1 },
          urgency: 'NORMAL',
        },
      });
      const applicationId: string = submitted.submitApplication.applicationId;
      await ok(`mutation ($id: ID!, $input: DecideApplicationInput!) { decideApplication(applicationId: $id, input: $input) { position } }`, {
        id: applicationId,
        input: { outcome: 'APPROVED', legalBasis: 'boligsosialloven § 6', reasons: 'The household is without a home.', decidedOn: '2025-01-15', notifiedOn: '2025-01-16' },
      });
      const meetingId = (
        await ok(`mutation ($input: ConveneCommitteeMeetingInput!) { conveneCommitteeMeeting(input: $input) { id position } }`, {
          input: { heldOn: '2025-04-01', members: ['housing-office', 'nav', 'health-and-care'] },
        })
      ).conveneCommitteeMeeting.id;
      const offered = await ok(`mutation ($input: OfferDwellingInput!) { offerDwelling(input: $input) { id position } }`, {
        input: { meetingId, applicationId, dwellingId, offeredOn: '2025-04-02', legalBasis: 'tildelingsforskriften § 5', reasons: 'First on the list; the dwelling fits.' },
      });
      const offerId: string = offered.offerDwelling.id;
      await ok(`mutation ($id: ID!) { acceptOffer(offerId: $id, acceptedOn: "2025-04-08") { position } }`, { id: offerId });

      // Nothing to abandon before a signing has begun: a typed refusal that writes nothing.
      const ABANDON = `mutation ($input: AbandonLeaseSigningInput!) { abandonLeaseSigning(input: $input) { leaseId position } }`;
      const abandonInput = { offerId, abandonedOn: '2025-04-19', reason: 'Test of the refusal.' };
      const early = await service.graphql(ABANDON, { input: abandonInput });
      const awaitingBefore = await eventually(
        async () => (await ok(`{ offers(filter: { awaitingLease: true }) { edges { node { id status } } } }`)).offers.edges,
        (edges: Array<{ node: { id: string } }>) => edges.some((e) => e.node.id === offerId),
      );
      expect(awaitingBefore).toContainEqual({ node: { id: offerId, status: 'ACCEPTED' } });
      expect(early.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_UNFINISHED_SIGNING', field: 'offerId' });

      // The lease, signed over GraphQL from the accepted offer, with the default term (36 months).
      const SIGN = `mutation ($input: SignLeaseInput!) { signLease(input: $input) { leaseId position } }`;
      const signInput = {
        offerId,
        contractType: 'ORDINARY',
        signedOn: '2025-04-20',
        startDate: '2025-05-01',
        monthlyRent: 9_500,
        security: { kind: 'DEPOSIT', amount: 28_500 },
      };
      // Refused signings name the field the caller sent and the rule, and write nothing.
      const noSecurityWithAmount = await service.graphql(SIGN, { input: { ...signInput, security: { kind: 'NONE', amount: 100 } } });
      expect(noSecurityWithAmount.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIELD_NOT_ALLOWED', field: 'security.amount' });
      expect(noSecurityWithAmount.body.errors[0].message).toMatch(/^security\.amount: a lease without security has no amount/);
      // The dwelling was reserved on the offer's day (2025-04-02); the lease's first day is the day it is let.
      const beforeReservation = await service.graphql(SIGN, { input: { ...signInput, signedOn: '2025-03-20', startDate: '2025-03-25' } });
      expect(beforeReservation.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_ORDER', field: 'startDate' });
      expect(beforeReservation.body.errors[0].message).toMatch(/^startDate: must not be before the reservation \(2025-04-02\)/);
      const leaseStream = [];
      for await (const e of runtime.store.readStream(leaseStreamId(leaseIdForOffer(offerId)))) leaseStream.push(e.type);
      expect(leaseStream).toEqual([]);
      const dwellingStream = [];
      for await (const e of runtime.store.readStream(dwellingStreamId(dwellingId))) dwellingStream.push(e.type);
      expect(dwellingStream).not.toContain('DwellingLet');

      const signed = (await ok(SIGN, { input: signInput })).signLease;
      const leaseId: string = signed.leaseId;
      let lease = (await ok(LEASE, { id: leaseId, p: signed.position })).lease;
      const householdId: string = lease.householdId;
      expect(lease).toMatchObject({
        dwellingId,
        origin: 'OFFER',
        offerId,
        applicationId,
        contractType: 'ORDINARY',
        startDate: '2025-05-01',
        endDate: '2028-04-30', // the default 36 months: the last day
        monthlyRent: 9_500,
        status: 'ACTIVE',
        security: { kind: 'DEPOSIT', amount: 28_500 },
      });
      // Signed: no longer among the accepted offers awaiting a lease (it was before the signing).
      const AWAITING = `query ($p: LogPosition) { offers(filter: { awaitingLease: true }, atLeast: $p) { edges { node { id } } } }`;
      expect((await ok(AWAITING, { p: signed.position })).offers.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(offerId);
      // A completed signing cannot be abandoned.
      const late = await service.graphql(ABANDON, { input: abandonInput });
      expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LEASE_ALREADY_SIGNED', field: 'leaseId' });
      // Sending the same signing again changes nothing.
      const again = (await ok(SIGN, { input: signInput })).signLease;
      expect(again).toEqual({ leaseId, position: null });
      const letDwelling = (await ok(`query ($id: ID!) { dwelling(id: $id) { status } }`, { id: dwellingId })).dwelling;
      expect(letDwelling.status).toBe('LET');
      const housed = [];
      for await (const e of runtime.store.readStream(applicationStreamId(applicationId))) housed.push(e.type);
      expect(housed).toContain('ApplicantHoused');

      // Rent adjusted by the index a year on.
      const adjusted = (
        await ok(`mutation ($input: AdjustRentInput!) { adjustRent(input: $input) { leaseId position } }`, {
          input: { leaseId, adjustedOn: '2026-03-15', effectiveFrom: '2026-05-01', newRent: 9_800, basis: 'INDEX', indexReference: 'KPI 2026-02' },
        })
      ).adjustRent;
      lease = (await ok(LEASE, { id: leaseId, p: adjusted.position })).lease;
      expect(lease.monthlyRent).toBe(9_800);
      expect(lease.rentChanges).toEqual([{ effectiveFrom: '2026-05-01', previousRent: 9_500, newRent: 9_800, basis: 'INDEX' }]);

      // The tenant buys the dwelling, financed by startlån.
      const started = (
        await ok(`mutation ($input: StartOwnershipTransitionInput!) { startOwnershipTransition(input: $input) { transitionId position } }`, {
          input: { leaseId, plan: 'BUY_RENTED_DWELLING', startedOn: '2026-06-01' },
        })
      ).startOwnershipTransition;
      const transitionId: string = started.transitionId;
      await ok(`mutation ($t: ID!) { recordFinancialCounselling(transitionId: $t, counselledOn: "2026-06-10", counsellor: "NAV økonomirådgiver", summary: "Budget reviewed; can carry a loan of 2.4 MNOK.") { position } }`, { t: transitionId });
      await ok(`mutation ($t: ID!) { grantStartlan(transitionId: $t, loanReference: "SL-2026-117", amount: 2400000, grantedOn: "2026-08-01", husbankenReportedOn: "2026-08-05") { position } }`, { t: transitionId });
      // Refused as the portfolio would refuse the sale: Husbanken's grant is outstanding and nothing says how it is settled.
      const unsettled = await service.graphql(`mutation ($t: ID!) { completeOwnershipTransition(transitionId: $t, purchasedOn: "2026-09-01", price: 2900000) { position } }`, { t: transitionId });
      expect(unsettled.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'GRANT_OUTSTANDING' });
      // A signing from an offer that was never accepted is refused, typed.
      const notAccepted = await service.graphql(`mutation ($input: SignLeaseInput!) { signLease(input: $input) { leaseId } }`, { input: { ...signInput, offerId: transitionId } });
      expect(notAccepted.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'OFFER_NOT_FOUND', field: 'offerId' });
      const completed = (
        await ok(`mutation ($t: ID!) { completeOwnershipTransition(transitionId: $t, purchasedOn: "2026-09-01", price: 2900000, grantSettlement: { kind: REPAYMENT }) { position } }`, {
          t: transitionId,
        })
      ).completeOwnershipTransition;
      expect(completed.position).not.toBeNull();

      // The process manager sells the dwelling to the sitting tenant and ends the lease.
      const dwelling = await eventually(
        async () => (await ok(`query ($id: ID!) { dwelling(id: $id) { status leftPortfolioOn } }`, { id: dwellingId })).dwelling,
        (d) => d.status === 'SOLD',
      );
      expect(dwelling).toEqual({ status: 'SOLD', leftPortfolioOn: '2026-09-01' });
      lease = await eventually(async () => (await ok(LEASE, { id: leaseId })).lease, (l) => l.status === 'ENDED');
      expect(lease.ended).toEqual({ endedOn: '2026-09-01', reason: 'BOUGHT_DWELLING' });

      const kpi = await eventually(
        async () => (await ok(`{ tenantToOwnerKpi(fromYear: 2025, toYear: 2026) { year householdsIntoOwnership startlanCount startlanVolume dwellingsSoldToTenants } }`)).tenantToOwnerKpi,
        (k: Array<{ dwellingsSoldToTenants: number }>) => k[1]!.dwellingsSoldToTenants === 1,
      );
      expect(kpi).toEqual([
        { year: 2025, householdsIntoOwnership: 0, startlanCount: 0, startlanVolume: 0, dwellingsSoldToTenants: 0 },
        { year: 2026, householdsIntoOwnership: 1, startlanCount: 1, startlanVolume: 2_400_000, dwellingsSoldToTenants: 1 },
      ]);
      const transitions = (await ok(`{ ownershipTransitions(status: COMPLETED) { totalCount edges { node { id plan purchasedOn price startlanTotal followUpFailure } } } }`)).ownershipTransitions;
      expect(transitions.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { id: transitionId, plan: 'BUY_RENTED_DWELLING', purchasedOn: '2026-09-01', price: 2_900_000, startlanTotal: 2_400_000, followUpFailure: null },
      ]);
      const history = (await ok(`query ($h: ID!) { householdTenancyHistory(householdId: $h) { totalCount edges { node { id status } } } }`, { h: householdId })).householdTenancyHistory;
      expect(history.edges.map((e: { node: unknown }) => e.node)).toEqual([{ id: leaseId, status: 'ENDED' }]);
      expect((await ok(`{ activeLeases { totalCount } }`)).activeLeases.totalCount).toBe(0);

      // node(id:) finds every kind of Node, whichever feature keeps it.
      const NODE = `query ($id: ID!) { node(id: $id) { __typename id } }`;
      expect((await ok(NODE, { id: leaseId })).node).toEqual({ __typename: 'Lease', id: leaseId });
      expect((await ok(NODE, { id: transitionId })).node).toEqual({ __typename: 'OwnershipTransition', id: transitionId });
      expect((await ok(NODE, { id: dwellingId })).node).toEqual({ __typename: 'Dwelling', id: dwellingId });
      expect((await ok(NODE, { id: householdId })).node).toBeNull();
    });
  });
}
