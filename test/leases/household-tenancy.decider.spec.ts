import { householdTenancyDecider, type EndTenancy, type StartTenancy } from '../../src/leases/household-tenancy/household-tenancy.decider.js';
import type { TenancyEnded, TenancyStarted } from '../../src/leases/household-tenancy/household-tenancy.events.js';
import { deciderSpecification } from '../support/decider-specification.js';

const spec = deciderSpecification(householdTenancyDecider);
const start = (change: Partial<StartTenancy> = {}): StartTenancy => ({
  type: 'StartTenancy',
  householdId: 'household-1',
  leaseId: 'lease-1',
  dwellingId: 'dwelling-1',
  startDate: '2025-05-01',
  previousLeaseId: null,
  actor: 'caseworker-1',
  ...change,
});
const started: TenancyStarted = {
  type: 'TenancyStarted',
  data: { householdId: 'household-1', leaseId: 'lease-1', dwellingId: 'dwelling-1', startDate: '2025-05-01', previousLeaseId: null, actor: 'caseworker-1' },
};
const endT = (change: Partial<EndTenancy> = {}): EndTenancy => ({
  type: 'EndTenancy',
  householdId: 'household-1',
  leaseId: 'lease-1',
  endedOn: '2026-04-30',
  reason: 'transferred',
  actor: 'caseworker-1',
  ...change,
});
const ended: TenancyEnded = {
  type: 'TenancyEnded',
  data: { householdId: 'household-1', leaseId: 'lease-1', dwellingId: 'dwelling-1', endedOn: '2026-04-30', reason: 'transferred', actor: 'caseworker-1' },
};

describe('Household tenancy decider: at most one active lease per household', () => {
  // The assertions are in the specification's then/thenThrows; this makes a test that reaches none fail.
  beforeEach(() => expect.hasAssertions());

  it('starts the first tenancy', () => spec.given().when(start()).then(started));

  it('refuses a second active lease', () => spec.given(started).when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2' })).thenThrows('HOUSEHOLD_HAS_ACTIVE_LEASE', 'householdId'));

  it('starting the same lease again records nothing (a retried signing)', () => spec.given(started).when(start()).then());

  it('ends the active tenancy', () => spec.given(started).when(endT()).then(ended));

  it('after a transfer the household may sign its next lease, linked to the previous', () =>
    spec
      .given(started, ended)
      .when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', startDate: '2026-05-01', previousLeaseId: 'lease-1' }))
      .thenMatches({ type: 'TenancyStarted', data: { leaseId: 'lease-2', previousLeaseId: 'lease-1' } }));

  it('ending again records nothing', () => spec.given(started, ended).when(endT()).then());

  it('an ended lease cannot start again', () => spec.given(started, ended).when(start()).thenThrows('TENANCY_ENDED'));

  describe('previousLeaseId must be one of the household\'s own ended leases', () => {
    it('refuses a lease the household never had (a stranger\'s), naming the field', () =>
      spec
        .given(started, ended)
        .when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', startDate: '2026-05-01', previousLeaseId: 'lease-of-another-household' }))
        .thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS', 'previousLeaseId'));

    it('refuses it for a household with no tenancy history, with a message naming the household, the lease and the rule', () => {
      expect(() => householdTenancyDecider.decide(start({ previousLeaseId: 'lease-9' }), householdTenancyDecider.initialState)).toThrow(
        /lease-9 is not an ended lease of household household-1, nor the current lease its swap application named, ended as a transfer to this lease/,
      );
      spec.given().when(start({ previousLeaseId: 'lease-9' })).thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS', 'previousLeaseId');
    });

    it('a retried start of the recorded lease still records nothing, while a new lease with a foreign link is refused', () => {
      // Recorded before the rule existed: the repeat must stay a no-op, not turn into a refusal.
      const startedWithForeignLink: TenancyStarted = { type: 'TenancyStarted', data: { ...started.data, previousLeaseId: 'lease-9' } };
      spec.given(startedWithForeignLink).when(start({ previousLeaseId: 'lease-9' })).then();
      spec
        .given(started, ended)
        .when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', startDate: '2026-05-01', previousLeaseId: 'lease-9' }))
        .thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS');
    });
  });

  it('refuses a link to a lease of its own that was never signed (its signing refused or abandoned)', () => {
    for (const reason of ['signing-refused', 'signing-abandoned']) {
      const unsigned: TenancyEnded = { type: 'TenancyEnded', data: { ...ended.data, reason } };
      spec
        .given(started, unsigned)
        .when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', startDate: '2026-05-01', previousLeaseId: started.data.leaseId }))
        .thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS', 'previousLeaseId');
    }
  });

  it("accepts a link to the ended current lease the household's swap application named, even from a new household id", () => {
    const link = { leaseId: 'lease-2', dwellingId: 'dwelling-2', startDate: '2026-05-01', previousLeaseId: 'lease-of-old-household' };
    spec.given().when(start({ ...link, namedCurrentLease: { leaseId: 'lease-of-old-household', ended: true } })).thenMatches({ type: 'TenancyStarted', data: { previousLeaseId: 'lease-of-old-household' } });
    spec.given().when(start({ ...link, namedCurrentLease: { leaseId: 'lease-of-old-household', ended: false } })).thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS', 'previousLeaseId');
    spec.given().when(start({ ...link, namedCurrentLease: { leaseId: 'another-lease', ended: true } })).thenThrows('PREVIOUS_LEASE_NOT_HOUSEHOLDS', 'previousLeaseId');
  });

  it.each(['moved-out', 'eviction', 'bought-dwelling', 'death'])(
    'refuses a link to its own lease ended as %s: the household left the stock, so the new lease is a new move-in (KOSTRA), not a move within it',
    (reason) => {
      const endedOut = { type: 'TenancyEnded', data: { ...ended.data, reason } } as TenancyEnded;
      spec.given(started, endedOut).when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', previousLeaseId: 'lease-1' })).thenThrows('PREVIOUS_LEASE_NOT_TRANSFERRED', 'previousLeaseId');
      spec.given(started, endedOut).when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2' })).thenMatches({ type: 'TenancyStarted', data: { previousLeaseId: null } });
    },
  );

  it("accepts a link to its own lease ended when the municipality's lease-in of the dwelling ended (re-housed within the stock)", () => {
    const endedLeaseIn = { type: 'TenancyEnded', data: { ...ended.data, reason: 'lease-in-ended' } } as TenancyEnded;
    spec.given(started, endedLeaseIn).when(start({ leaseId: 'lease-2', dwellingId: 'dwelling-2', previousLeaseId: 'lease-1' })).thenMatches({ type: 'TenancyStarted', data: { previousLeaseId: 'lease-1' } });
  });

  it('only the active lease can end', () => spec.given(started).when(endT({ leaseId: 'lease-9' })).thenThrows('TENANCY_NOT_ACTIVE'));
});
