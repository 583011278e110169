import type { AbandonSigning, AdjustRent, EndLease, GiveNotice, RenewLease, SignLease } from '../../src/leases/lease/lease.commands.js';
import { leaseDecider } from '../../src/leases/lease/lease.decider.js';
import type { LeaseEnded, LeaseEvent, LeaseNoticeGiven, LeaseSigned, LeaseSigningAbandoned, RentAdjusted } from '../../src/leases/lease/lease.events.js';
import { LEASE_TERM_RULES } from '../../src/leases/lease-term-policy.js';
import { deciderSpecification } from '../support/decider-specification.js';

const spec = deciderSpecification(leaseDecider);
const leaseId = 'lease-1';
const actor = 'caseworker-1';

const sign = (change: Partial<SignLease> = {}): SignLease => ({
  type: 'SignLease',
  leaseId,
  householdId: 'household-1',
  memberIds: ['person-2'],
  dwellingId: 'dwelling-1',
  origin: { kind: 'offer', offerId: 'offer-1', applicationId: 'application-1' },
  contractType: 'ordinary',
  signedOn: '2025-04-20',
  startDate: '2025-05-01',
  endDate: '2028-05-01',
  termLegalBasis: null,
  monthlyRent: 9_500,
  security: { kind: 'deposit', amount: 28_500 },
  previousLeaseId: null,
  rules: LEASE_TERM_RULES,
  actor,
  ...change,
});

const signed: LeaseSigned = {
  type: 'LeaseSigned',
  data: {
    leaseId,
    householdId: 'household-1',
    memberIds: ['person-2'],
    dwellingId: 'dwelling-1',
    origin: { kind: 'offer', offerId: 'offer-1', applicationId: 'application-1' },
    contractType: 'ordinary',
    signedOn: '2025-04-20',
    startDate: '2025-05-01',
    endDate: '2028-05-01',
    termLegalBasis: null,
    temporaryHousingAimEndDate: null,
    monthlyRent: 9_500,
    security: { kind: 'deposit', amount: 28_500 },
    previousLeaseId: null,
    actor,
  },
};

const adjust = (change: Partial<AdjustRent> = {}): AdjustRent => ({
  type: 'AdjustRent',
  leaseId,
  adjustedOn: '2026-03-15',
  effectiveFrom: '2026-05-01',
  newRent: 9_800,
  basis: 'index',
  indexReference: 'KPI 2026-02',
  actor,
  ...change,
});
const adjusted: RentAdjusted = {
  type: 'RentAdjusted',
  data: { leaseId, adjustedOn: '2026-03-15', effectiveFrom: '2026-05-01', previousRent: 9_500, newRent: 9_800, basis: 'index', indexReference: 'KPI 2026-02', actor },
};
/** A new market level (husleieloven § 4-3) from 2026-07-01. */
const marketLevel: RentAdjusted = {
  type: 'RentAdjusted',
  data: { leaseId, adjustedOn: '2026-01-10', effectiveFrom: '2026-07-01', previousRent: 9_500, newRent: 10_200, basis: 'market-level', indexReference: null, actor },
};
/** An agreed change from 2025-08-01. */
const agreed: RentAdjusted = {
  type: 'RentAdjusted',
  data: { leaseId, adjustedOn: '2025-07-01', effectiveFrom: '2025-08-01', previousRent: 9_500, newRent: 9_600, basis: 'agreement', indexReference: null, actor },
};
const renew = (change: Partial<RenewLease> = {}): RenewLease => ({
  type: 'RenewLease',
  leaseId,
  newEndDate: '2031-05-01',
  termLegalBasis: null,
  decidedOn: '2028-02-01',
  notifiedOn: '2028-02-03',
  legalBasis: 'husleieloven § 9-3; tildelingsforskriften § 7',
  reasons: 'The household still needs a municipal dwelling.',
  rules: LEASE_TERM_RULES,
  actor,
  ...change,
});
const notice = (change: Partial<GiveNotice> = {}): GiveNotice => ({
  type: 'GiveNotice',
  leaseId,
  givenBy: 'tenant',
  givenOn: '2026-01-10',
  effectiveOn: '2026-04-30',
  reason: null,
  actor,
  ...change,
});
const noticeGiven: LeaseNoticeGiven = {
  type: 'LeaseNoticeGiven',
  data: { leaseId, givenBy: 'tenant', givenOn: '2026-01-10', effectiveOn: '2026-04-30', reason: null, actor },
};
const end = (change: Partial<EndLease> = {}): EndLease => ({
  type: 'EndLease',
  leaseId,
  endedOn: '2026-04-30',
  reason: 'moved-out',
  evictionEnforcedOn: null,
  transferLeaseId: null,
  note: null,
  actor,
  ...change,
});
const ended: LeaseEnded = {
  type: 'LeaseEnded',
  data: { leaseId, dwellingId: 'dwelling-1', householdId: 'household-1', endedOn: '2026-04-30', reason: 'moved-out', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor },
};

describe('Lease decider', () => {
  describe('signing', () => {
    it('signs an ordinary time-limited lease of 3 years', () => spec.given().when(sign()).then(signed));

    it('signs an open-ended lease', () => spec.given().when(sign({ endDate: null })).thenMatches({ type: 'LeaseSigned', data: { endDate: null } }));

    it('refuses an ordinary lease shorter than 3 years (husleieloven § 9-3), naming the end date, with or without a legal basis', () => {
      spec.given().when(sign({ endDate: '2026-05-01' })).thenThrows('ORDINARY_TERM_TOO_SHORT', 'endDate');
      spec.given().when(sign({ endDate: '2026-05-01', termLegalBasis: 'husleieloven § 11-1' })).thenThrows('ORDINARY_TERM_TOO_SHORT', 'endDate');
    });

    it('takes the end date as the last day: exactly 3 years is an ordinary lease, a day less is short-term', () => {
      spec.given().when(sign({ startDate: '2027-01-01', endDate: '2029-12-31' })).thenMatches({ type: 'LeaseSigned', data: { endDate: '2029-12-31' } });
      spec.given().when(sign({ startDate: '2027-01-01', endDate: '2029-12-30' })).thenThrows('ORDINARY_TERM_TOO_SHORT', 'endDate');
      spec.given().when(sign({ startDate: '2027-01-01', endDate: '2029-12-31', contractType: 'short-term', termLegalBasis: 'husleieloven § 11-1' })).thenThrows('NOT_SHORT_TERM', 'endDate');
      spec
        .given()
        .when(sign({ startDate: '2027-01-01', endDate: '2029-12-30', contractType: 'short-term', termLegalBasis: 'husleieloven § 11-1' }))
        .thenMatches({ type: 'LeaseSigned', data: { contractType: 'short-term' } });
    });

    it('a short-term lease needs the legal basis for the shorter term (§ 11-1)', () =>
      spec.given().when(sign({ contractType: 'short-term', endDate: '2026-05-01' })).thenThrows('SHORT_TERM_LEGAL_BASIS_REQUIRED', 'termLegalBasis'));

    it('records a short-term lease with its legal basis', () =>
      spec
        .given()
        .when(sign({ contractType: 'short-term', endDate: '2026-05-01', termLegalBasis: 'husleieloven § 11-1 (kommunal utleie til vanskeligstilte)' }))
        .thenMatches({ type: 'LeaseSigned', data: { contractType: 'short-term', termLegalBasis: 'husleieloven § 11-1 (kommunal utleie til vanskeligstilte)' } }));

    it('a short-term lease must have an end date', () =>
      spec.given().when(sign({ contractType: 'short-term', endDate: null, termLegalBasis: '§ 11-1' })).thenThrows('END_DATE_REQUIRED', 'endDate'));

    it('a short-term lease of 3 years or more is an ordinary lease', () =>
      spec.given().when(sign({ contractType: 'short-term', endDate: '2028-05-01', termLegalBasis: '§ 11-1' })).thenThrows('NOT_SHORT_TERM', 'endDate'));

    it('temporary housing (§ 27) records its 3-month aim', () =>
      spec
        .given()
        .when(sign({ contractType: 'temporary-housing', endDate: '2025-08-01' }))
        .thenMatches({ type: 'LeaseSigned', data: { contractType: 'temporary-housing', temporaryHousingAimEndDate: '2025-08-01' } }));

    it('the end date must follow the start date', () => spec.given().when(sign({ endDate: '2025-05-01' })).thenThrows('DATE_OUT_OF_ORDER', 'endDate'));

    it('the rent must be at least 1 NOK', () => spec.given().when(sign({ monthlyRent: 0 })).thenThrows('INVALID_AMOUNT', 'monthlyRent'));

    it('a deposit may be at most 6 months of rent (husleieloven § 3-5)', () =>
      spec.given().when(sign({ security: { kind: 'deposit', amount: 57_001 } })).thenThrows('DEPOSIT_TOO_HIGH', 'security.amount'));

    it('records a guarantee from NAV', () =>
      spec
        .given()
        .when(sign({ security: { kind: 'guarantee', amount: 28_500, guarantor: 'nav', reference: 'NAV 24/1234' } }))
        .thenMatches({ type: 'LeaseSigned', data: { security: { kind: 'guarantee', amount: 28_500, guarantor: 'nav', reference: 'NAV 24/1234' } } }));

    it('a lease without security has no amount: NONE with an amount is refused, never recorded without it', () =>
      spec.given().when(sign({ security: { kind: 'none', amount: 100 } as never })).thenThrows('FIELD_NOT_ALLOWED', 'security.amount'));

    it('only a guarantee has a guarantor or a reference: a deposit with one is refused', () => {
      spec.given().when(sign({ security: { kind: 'deposit', amount: 28_500, guarantor: 'nav' } as never })).thenThrows('FIELD_NOT_ALLOWED', 'security.guarantor');
      spec.given().when(sign({ security: { kind: 'none', reference: 'NAV 24/1' } as never })).thenThrows('FIELD_NOT_ALLOWED', 'security.reference');
    });

    it('NONE without an amount (null or left out) is recorded as no security, and nothing else', () => {
      const [event] = leaseDecider.decide(sign({ security: { kind: 'none', amount: null, guarantor: null, reference: null } as never }), leaseDecider.initialState);
      expect((event as LeaseSigned).data.security).toEqual({ kind: 'none' });
    });

    it('refuses an unknown guarantor', () =>
      spec.given().when(sign({ security: { kind: 'guarantee', amount: 1, guarantor: 'bank' as never, reference: null } })).thenThrows('INVALID_OPTION', 'security.guarantor'));

    it('signing again with the same terms records nothing (a retried signing)', () => spec.given(signed).when(sign({ actor: 'other' })).then());

    it('signing again with other terms is refused', () => spec.given(signed).when(sign({ monthlyRent: 9_000 })).thenThrows('LEASE_EXISTS'));

    it('the previous lease of a transfer is named by its UUID (the leases read model keeps it as one)', () =>
      spec.given().when(sign({ previousLeaseId: 'L-2' })).thenThrows('INVALID_ID', 'previousLeaseId'));

    it('links the previous lease of a transfer, its UUID in lower case', () =>
      spec
        .given()
        .when(sign({ previousLeaseId: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B' }))
        .thenMatches({ type: 'LeaseSigned', data: { previousLeaseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }));
  });

  describe('rent', () => {
    it('adjusts the rent by the index a year after the start', () => spec.given(signed).when(adjust()).then(adjusted));

    it('an index adjustment takes effect at the earliest a year after the start (husleieloven § 4-2)', () =>
      spec.given(signed).when(adjust({ adjustedOn: '2026-02-01', effectiveFrom: '2026-04-01' })).thenThrows('INDEX_ADJUSTMENT_TOO_SOON', 'effectiveFrom'));

    it('an index adjustment takes effect at the earliest a month after the written notice', () =>
      spec.given(signed).when(adjust({ adjustedOn: '2026-04-15' })).thenThrows('INDEX_ADJUSTMENT_TOO_SOON', 'effectiveFrom'));

    it('the next index adjustment comes a year after the last', () =>
      spec.given(signed, adjusted).when(adjust({ adjustedOn: '2027-01-01', effectiveFrom: '2027-03-01', newRent: 10_000 })).thenThrows('INDEX_ADJUSTMENT_TOO_SOON'));

    it('an index adjustment waits a year after a new market level (§ 4-3) took effect: the rent was last fixed then (§ 4-2)', () =>
      spec
        .given(signed, marketLevel)
        .when(adjust({ adjustedOn: '2026-07-15', effectiveFrom: '2026-09-01', newRent: 10_400 }))
        .thenThrows('INDEX_ADJUSTMENT_TOO_SOON', 'effectiveFrom'));

    it('an index adjustment a year after the new market level took effect is recorded', () =>
      spec
        .given(signed, marketLevel)
        .when(adjust({ adjustedOn: '2027-05-15', effectiveFrom: '2027-07-01', newRent: 10_400 }))
        .thenMatches({ type: 'RentAdjusted', data: { basis: 'index', effectiveFrom: '2027-07-01', previousRent: 10_200 } }));

    it('an index adjustment waits a year after an agreed change took effect', () =>
      spec
        .given(signed, agreed)
        .when(adjust())
        .thenThrows('INDEX_ADJUSTMENT_TOO_SOON', 'effectiveFrom'));

    it('an agreed change stays free of the year, also right after another change', () =>
      spec
        .given(signed, marketLevel)
        .when(adjust({ basis: 'agreement', adjustedOn: '2026-08-01', effectiveFrom: '2026-09-01', newRent: 10_000, indexReference: null }))
        .thenMatches({ type: 'RentAdjusted', data: { basis: 'agreement', effectiveFrom: '2026-09-01' } }));

    it('an agreed change is not bound by the index rule', () =>
      spec.given(signed).when(adjust({ basis: 'agreement', adjustedOn: '2025-06-01', effectiveFrom: '2025-07-01', indexReference: null })).thenMatches({ type: 'RentAdjusted' }));

    it('the new rent must differ from the current', () => spec.given(signed).when(adjust({ newRent: 9_500 })).thenThrows('RENT_UNCHANGED', 'newRent'));

    it('no change on an ended lease', () => spec.given(signed, ended).when(adjust()).thenThrows('LEASE_ENDED'));

    it('no change on a lease that does not exist', () => spec.given().when(adjust()).thenThrows('LEASE_NOT_FOUND'));
  });

  describe('renewal (an enkeltvedtak)', () => {
    it('renews a time-limited lease with reasons, legal basis and appeal deadline 3 weeks after notification', () =>
      spec.given(signed).when(renew()).then({
        type: 'LeaseRenewed',
        data: {
          leaseId,
          previousEndDate: '2028-05-01',
          newEndDate: '2031-05-01',
          termLegalBasis: null,
          decidedOn: '2028-02-01',
          notifiedOn: '2028-02-03',
          appealDeadline: '2028-02-24',
          legalBasis: 'husleieloven § 9-3; tildelingsforskriften § 7',
          reasons: 'The household still needs a municipal dwelling.',
          actor,
        },
      }));

    it('needs reasons (forvaltningsloven § 24)', () => spec.given(signed).when(renew({ reasons: ' ' })).thenThrows('REASONS_REQUIRED', 'reasons'));

    it('needs a legal basis (forvaltningsloven § 25)', () => spec.given(signed).when(renew({ legalBasis: '' })).thenThrows('LEGAL_BASIS_REQUIRED', 'legalBasis'));

    it('an extension shorter than 3 years needs its legal basis (§ 11-1)', () => {
      spec.given(signed).when(renew({ newEndDate: '2029-05-01' })).thenThrows('SHORT_TERM_LEGAL_BASIS_REQUIRED', 'termLegalBasis');
      // The extension runs from the day after the old last day (2028-05-01): 3 years to 2031-05-01, one day less is shorter.
      spec.given(signed).when(renew({ newEndDate: '2031-04-30' })).thenThrows('SHORT_TERM_LEGAL_BASIS_REQUIRED', 'termLegalBasis');
      spec.given(signed).when(renew({ newEndDate: '2031-05-01' })).thenMatches({ type: 'LeaseRenewed', data: { newEndDate: '2031-05-01' } });
    });

    it('the new end date must be later', () => spec.given(signed).when(renew({ newEndDate: '2028-05-01' })).thenThrows('RENEWAL_NOT_LATER', 'newEndDate'));

    it('an open-ended lease is not renewed', () => spec.given({ ...signed, data: { ...signed.data, endDate: null } }).when(renew()).thenThrows('LEASE_NOT_TIME_LIMITED'));

    it('a lease under notice is not renewed', () => spec.given(signed, noticeGiven).when(renew()).thenThrows('LEASE_UNDER_NOTICE'));

    it('notification cannot precede the decision', () => spec.given(signed).when(renew({ notifiedOn: '2028-01-01' })).thenThrows('DATE_OUT_OF_ORDER', 'notifiedOn'));
  });

  describe('notice', () => {
    it('records the tenant\'s notice', () => spec.given(signed).when(notice()).then(noticeGiven));

    it('a landlord\'s notice states its grounds (husleieloven § 9-8)', () =>
      spec.given(signed).when(notice({ givenBy: 'landlord' })).thenThrows('NOTICE_REASON_REQUIRED', 'reason'));

    it('the lease runs on after the day notice is given', () =>
      spec.given(signed).when(notice({ effectiveOn: '2026-01-10' })).thenThrows('DATE_OUT_OF_ORDER', 'effectiveOn'));

    it('notice is given once', () => spec.given(signed, noticeGiven).when(notice()).thenThrows('LEASE_UNDER_NOTICE'));
  });

  describe('ending', () => {
    it('ends when the tenant moves out', () => spec.given(signed, noticeGiven).when(end()).then(ended));

    it('an eviction records the date it was enforced (fravikelse)', () =>
      spec
        .given(signed)
        .when(end({ reason: 'eviction', evictionEnforcedOn: '2026-04-28' }))
        .thenMatches({ type: 'LeaseEnded', data: { reason: 'eviction', evictionEnforcedOn: '2026-04-28' } }));

    it('an eviction without the enforcement date is refused', () => spec.given(signed).when(end({ reason: 'eviction' })).thenThrows('EVICTION_DATE_REQUIRED', 'evictionEnforcedOn'));

    it('an enforcement date only with an eviction', () =>
      spec.given(signed).when(end({ evictionEnforcedOn: '2026-04-28' })).thenThrows('EVICTION_DATE_NOT_ALLOWED', 'evictionEnforcedOn'));

    it('a transfer links the new lease, its UUID in lower case', () =>
      spec
        .given(signed)
        .when(end({ reason: 'transferred', transferLeaseId: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5C' }))
        .thenMatches({ type: 'LeaseEnded', data: { reason: 'transferred', transferLeaseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' } }));

    it('the new lease of a transfer is named by its UUID (the leases read model keeps it as one)', () =>
      spec.given(signed).when(end({ reason: 'transferred', transferLeaseId: 'L-2' })).thenThrows('INVALID_ID', 'transferLeaseId'));

    it('a new lease is linked only for a transfer', () =>
      spec.given(signed).when(end({ transferLeaseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' })).thenThrows('TRANSFER_LEASE_NOT_ALLOWED'));

    it('records every reason: death, bought the dwelling, lease-in ended', () => {
      for (const reason of ['death', 'bought-dwelling', 'lease-in-ended'] as const) {
        spec.given(signed).when(end({ reason })).thenMatches({ type: 'LeaseEnded', data: { reason } });
      }
    });

    it('cannot end before it started', () => spec.given(signed).when(end({ endedOn: '2025-04-30' })).thenThrows('DATE_OUT_OF_ORDER', 'endedOn'));

    it('ending again the same way records nothing (a retried step)', () => spec.given(signed, ended).when(end()).then());

    it('ending an ended lease otherwise is refused', () => spec.given(signed, ended).when(end({ reason: 'death' })).thenThrows('LEASE_ENDED'));
  });

  it('evolves rent, end date, notice and end into the state', () => {
    const events: LeaseEvent[] = [signed, adjusted, noticeGiven, ended];
    const state = events.reduce(leaseDecider.evolve, leaseDecider.initialState);
    expect(state).toMatchObject({ status: 'ended', monthlyRent: 9_800, rentLastFixedFrom: '2026-05-01', ended: { reason: 'moved-out' } });
  });

describe('abandoning a signing cut short', () => {
  const abandon = (change: Partial<AbandonSigning> = {}): AbandonSigning => ({
    type: 'AbandonSigning',
    leaseId,
    householdId: 'household-1',
    dwellingId: 'dwelling-1',
    abandonedOn: '2025-04-25',
    reason: 'The household moved abroad.',
    actor,
    ...change,
  });
  const abandoned: LeaseSigningAbandoned = {
    type: 'LeaseSigningAbandoned',
    data: { leaseId, householdId: 'household-1', dwellingId: 'dwelling-1', abandonedOn: '2025-04-25', reason: 'The household moved abroad.', actor },
  };

  it('gives up a lease never signed', () => spec.given().when(abandon()).then(abandoned));
  it('abandoning again records nothing', () => spec.given(abandoned).when(abandon({ abandonedOn: '2025-04-26' })).then());
  it('a signed lease cannot be abandoned (end it instead)', () => spec.given(signed).when(abandon()).thenThrows('LEASE_ALREADY_SIGNED', 'leaseId'));
  it('an abandoned lease can never be signed', () => spec.given(abandoned).when(sign()).thenThrows('SIGNING_ABANDONED', 'leaseId'));
  it('nothing else can be recorded on it', () => spec.given(abandoned).when(adjust()).thenThrows('SIGNING_ABANDONED', 'leaseId'));
  it('the reason is required', () => spec.given().when(abandon({ reason: ' ' })).thenThrows('FIELD_REQUIRED', 'reason'));
  it('the day is a calendar date', () => spec.given().when(abandon({ abandonedOn: '25.04.2025' })).thenThrows('INVALID_DATE', 'abandonedOn'));
});
});
