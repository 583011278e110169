import type { CompleteTransition, GrantStartlan, StartTransition } from '../../src/ownership/transition/transition.commands.js';
import { transitionDecider } from '../../src/ownership/transition/transition.decider.js';
import type { StartlanGranted, TransitionAbandoned, TransitionCompleted, TransitionStarted } from '../../src/ownership/transition/transition.events.js';
import { deciderSpecification } from '../support/decider-specification.js';

const spec = deciderSpecification(transitionDecider);
const transitionId = 'transition-1';
const actor = 'caseworker-1';
const activeLease = { leaseId: 'lease-1', status: 'active' as const, householdId: 'household-1', dwellingId: 'dwelling-1', startDate: '2025-05-01' };

const start = (change: Partial<StartTransition> = {}): StartTransition => ({
  type: 'StartTransition',
  transitionId,
  lease: activeLease,
  plan: 'buy-rented-dwelling',
  startedOn: '2026-06-01',
  actor,
  ...change,
});
const started: TransitionStarted = {
  type: 'TransitionStarted',
  data: { transitionId, householdId: 'household-1', leaseId: 'lease-1', dwellingId: 'dwelling-1', plan: 'buy-rented-dwelling', startedOn: '2026-06-01', actor },
};
const startedOnMarket: TransitionStarted = { ...started, data: { ...started.data, plan: 'buy-on-market' } };
const grant = (change: Partial<GrantStartlan> = {}): GrantStartlan => ({
  type: 'GrantStartlan',
  transitionId,
  loanReference: 'SL-2026-117',
  amount: 2_400_000,
  grantedOn: '2026-08-01',
  husbankenReportedOn: '2026-08-05',
  actor,
  ...change,
});
const granted: StartlanGranted = {
  type: 'StartlanGranted',
  data: { transitionId, loanReference: 'SL-2026-117', amount: 2_400_000, grantedOn: '2026-08-01', husbankenReportedOn: '2026-08-05', actor },
};
const complete = (change: Partial<CompleteTransition> = {}): CompleteTransition => ({
  type: 'CompleteTransition',
  transitionId,
  purchasedOn: '2026-09-01',
  price: 2_900_000,
  grantSettlement: { kind: 'repayment', amount: null, overrideJustification: null },
  actor,
  ...change,
});
const completed: TransitionCompleted = {
  type: 'TransitionCompleted',
  data: {
    transitionId,
    householdId: 'household-1',
    leaseId: 'lease-1',
    dwellingId: 'dwelling-1',
    plan: 'buy-rented-dwelling',
    purchasedOn: '2026-09-01',
    price: 2_900_000,
    grantSettlement: { kind: 'repayment', amount: null, overrideJustification: null },
    actor,
  },
};
const abandoned: TransitionAbandoned = { type: 'TransitionAbandoned', data: { transitionId, abandonedOn: '2026-07-01', reason: 'Could not get financing', actor } };

describe('Tenant-to-owner transition decider', () => {
  // The assertions are in the specification's then/thenThrows; this makes a test that reaches none fail.
  beforeEach(() => expect.hasAssertions());

  it('starts for a tenant with an active lease', () => spec.given().when(start()).then(started));

  it('refuses a tenant whose lease has ended', () => spec.given().when(start({ lease: { ...activeLease, status: 'ended' } })).thenThrows('LEASE_NOT_ACTIVE', 'leaseId'));

  it('refuses an unknown lease', () =>
    spec.given().when(start({ lease: { leaseId: 'x', status: 'none', householdId: null, dwellingId: null, startDate: null } })).thenThrows('LEASE_NOT_FOUND'));

  it('cannot start before the lease did', () => spec.given().when(start({ startedOn: '2025-04-01' })).thenThrows('DATE_OUT_OF_ORDER', 'startedOn'));

  it('starts once', () => spec.given(started).when(start()).thenThrows('TRANSITION_EXISTS'));

  it('records financial counselling', () =>
    spec
      .given(started)
      .when({ type: 'RecordFinancialCounselling', transitionId, counselledOn: '2026-06-10', counsellor: 'NAV', summary: 'Budget reviewed.', actor })
      .then({ type: 'FinancialCounsellingRecorded', data: { transitionId, counselledOn: '2026-06-10', counsellor: 'NAV', summary: 'Budget reviewed.', actor } }));

  it('records a startlån granted and reported to Husbanken', () => spec.given(started).when(grant()).then(granted));

  it('a startlån is at least 1 NOK', () => spec.given(started).when(grant({ amount: 0 })).thenThrows('INVALID_AMOUNT', 'amount'));

  it('is not reported to Husbanken before it is granted', () =>
    spec.given(started).when(grant({ husbankenReportedOn: '2026-07-01' })).thenThrows('DATE_OUT_OF_ORDER', 'husbankenReportedOn'));

  it('the same loan sent again records nothing', () => spec.given(started, granted).when(grant()).then());

  it('a loan reference is one loan: another amount under it is refused', () =>
    spec.given(started, granted).when(grant({ amount: 2_000_000 })).thenThrows('STARTLAN_ALREADY_RECORDED', 'loanReference'));

  it('the report to Husbanken is recorded later by sending the loan again with the report date, also after the purchase', () => {
    const unreported: StartlanGranted = { ...granted, data: { ...granted.data, husbankenReportedOn: null } };
    spec
      .given(started, unreported, completed)
      .when(grant({ husbankenReportedOn: '2027-01-15' }))
      .then({ type: 'StartlanReportedToHusbanken', data: { transitionId, loanReference: 'SL-2026-117', reportedOn: '2027-01-15', actor } });
    spec.given(started, unreported).when(grant({ husbankenReportedOn: '2026-07-15' })).thenThrows('DATE_OUT_OF_ORDER', 'reportedOn');
  });

  it('a loan is reported once', () => spec.given(started, granted).when(grant({ husbankenReportedOn: '2026-09-01' })).thenThrows('STARTLAN_ALREADY_REPORTED', 'loanReference'));

  it('records other financing', () =>
    spec
      .given(started)
      .when({ type: 'RecordOtherFinancing', transitionId, source: 'equity', amount: 100_000, recordedOn: '2026-08-01', note: null, actor })
      .thenMatches({ type: 'OtherFinancingRecorded', data: { source: 'equity', amount: 100_000 } }));

  it('changes the plan', () =>
    spec
      .given(started)
      .when({ type: 'ChangeTransitionPlan', transitionId, plan: 'buy-on-market', changedOn: '2026-06-15', reason: 'A flat nearer work', actor })
      .then({ type: 'TransitionPlanChanged', data: { transitionId, previousPlan: 'buy-rented-dwelling', plan: 'buy-on-market', changedOn: '2026-06-15', reason: 'A flat nearer work', actor } }));

  it('completes with the purchase of the rented dwelling and the grant settlement', () => spec.given(started, granted).when(complete()).then(completed));

  it('completes a purchase on the market, with no grant to settle', () =>
    spec
      .given(startedOnMarket)
      .when(complete({ grantSettlement: null }))
      .thenMatches({ type: 'TransitionCompleted', data: { plan: 'buy-on-market', grantSettlement: null } }));

  it('a purchase on the market records no grant settlement', () => spec.given(startedOnMarket).when(complete()).thenThrows('GRANT_SETTLEMENT_NOT_ALLOWED', 'grantSettlement'));

  it('the price is at least 1 NOK', () => spec.given(started).when(complete({ price: 0 })).thenThrows('INVALID_AMOUNT', 'price'));

  it('a purchase cannot precede the start', () => spec.given(started).when(complete({ purchasedOn: '2026-05-01' })).thenThrows('DATE_OUT_OF_ORDER', 'purchasedOn'));

  it('is abandoned with a reason', () =>
    spec.given(started).when({ type: 'AbandonTransition', transitionId, abandonedOn: '2026-07-01', reason: 'Could not get financing', actor }).then(abandoned));

  it('needs the reason when abandoned', () =>
    spec.given(started).when({ type: 'AbandonTransition', transitionId, abandonedOn: '2026-07-01', reason: '', actor }).thenThrows('FIELD_REQUIRED', 'reason'));

  it('nothing more after completion or abandonment', () => {
    spec.given(started, completed).when(grant({ loanReference: 'SL-2' })).thenThrows('TRANSITION_CLOSED');
    spec.given(started, abandoned).when(complete()).thenThrows('TRANSITION_CLOSED');
  });

  it('a refused follow-up is recorded even after completion', () =>
    spec
      .given(started, completed)
      .when({ type: 'RecordFollowUpFailure', transitionId, step: 'sell', code: 'GRANT_OUTSTANDING', message: 'm', triggeringEventId: 'e-1' })
      .thenMatches({ type: 'TransitionFollowUpFailed', data: { step: 'sell', code: 'GRANT_OUTSTANDING' } }));

  it('commands on an unknown transition are refused', () => spec.given().when(grant()).thenThrows('TRANSITION_NOT_FOUND'));
});
