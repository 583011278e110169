import { deciderSpecification } from '../../../test/support/decider-specification.js';
import { replay } from '../../shared-kernel/decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { waitingListEntry } from '../waiting-list/waiting-list-entry.js';
import type {
  ApplicationCommand,
  DecideApplication,
  DecideAppeal,
  ExpireApproval,
  MarkHoused,
  MarkOfferDeclinedOrExpired,
  MarkOffered,
  ReceiveAppeal,
  RenewApproval,
  SubmitApplication,
  WithdrawApplication,
} from './application.commands.js';
import { applicationDecider, approvalLapsesOn } from './application.decider.js';
import type { ApplicationEvent } from './application.events.js';
import type { Application } from './application.state.js';

const spec = deciderSpecification(applicationDecider);

const applicationId = 'application-1';
const actor = 'caseworker-17';

/** Synthetic national ids (month + 80): computed with the check-digit algorithm, nobody's real number. */
const APPLICANT_ID_NUMBER = '15888512389';
const MEMBER_ID_NUMBER = '01819045662';

// ---- what has happened (given) -----------------------------------------------------------------

const submitted: ApplicationEvent = {
  type: 'ApplicationSubmitted',
  data: {
    applicationId,
    kind: 'new',
    currentLeaseId: null,
    submittedOn: '2025-01-06',
    household: { applicantId: 'person-a', memberIds: ['person-b', 'person-c'], size: 3, children: 2 },
    housingSituation: 'without-home',
    categories: ['refugee-settlement', 'disability'],
    refugeeArrivalDate: '2024-09-01',
    needs: {
      minBedrooms: 2,
      wheelchairAccessible: false,
      groundFloorOrLift: true,
      careServicesNear: false,
      preferredDistricts: ['Østbyen'],
      avoidedDistricts: [],
    },
    urgency: 'high',
    personalData: [],
    actor,
  },
};
const approved: ApplicationEvent = {
  type: 'ApplicationDecided',
  data: {
    applicationId,
    outcome: 'approved',
    legalBasis: 'boligsosialloven § 6; tildelingsforskriften § 3',
    reasons: 'The household is without a home and meets the criteria of § 3.',
    decidedOn: '2025-01-15',
    notifiedOn: '2025-01-20',
    appealDeadline: '2025-02-10',
    validityMonths: 12,
    actor,
  },
};
/** An approval recorded before its validity period was recorded with it (before 8 December 2026). */
const approvedUnrecordedPeriod = { type: 'ApplicationDecided', data: { ...approved.data, validityMonths: undefined } } as ApplicationEvent;
delete (approvedUnrecordedPeriod.data as { validityMonths?: number }).validityMonths;
const rejected: ApplicationEvent = {
  type: 'ApplicationDecided',
  data: { ...approvedUnrecordedPeriod.data, outcome: 'rejected', reasons: 'The household can obtain a dwelling on the private market with housing allowance.' } as never,
};
const appealInTime: ApplicationEvent = {
  type: 'AppealReceived',
  data: { applicationId, receivedOn: '2025-02-03', appealDeadline: '2025-02-10', lodgedInTime: true, actor },
};
const appealReversed: ApplicationEvent = {
  type: 'AppealDecided',
  data: {
    applicationId,
    outcome: 'reversed',
    legalBasis: 'forvaltningsloven § 34; boligsosialloven § 6',
    reasons: 'The income assessment overlooked the debt settlement.',
    decidedOn: '2025-03-12',
    notifiedOn: '2025-03-14',
    approvedOn: '2025-03-12',
    validityMonths: 12,
    actor: 'appeals-board',
  },
};
const appealUpheld: ApplicationEvent = {
  type: 'AppealDecided',
  data: { ...appealReversed.data, outcome: 'upheld', approvedOn: null, validityMonths: undefined } as never,
};
delete (appealUpheld.data as { validityMonths?: number }).validityMonths;
const offered: ApplicationEvent = {
  type: 'ApplicationOffered',
  data: { applicationId, offerId: 'offer-1', dwellingId: 'dwelling-9', offeredOn: '2025-04-02', actor },
};
const declined: ApplicationEvent = {
  type: 'ReturnedToWaitingList',
  data: {
    applicationId,
    offerId: 'offer-1',
    dwellingId: 'dwelling-9',
    offerOutcome: 'declined',
    returnedOn: '2025-04-07',
    reason: 'Too far from the children’s school',
    listDatePolicy: 'keep-original-date',
    waitingSince: '2025-01-15',
    actor,
  },
};
const housed: ApplicationEvent = {
  type: 'ApplicantHoused',
  data: {
    applicationId,
    offerId: 'offer-1',
    dwellingId: 'dwelling-9',
    approvedOn: '2025-01-15',
    acceptedOn: '2025-04-10',
    waitingDays: 85,
    actor,
  },
};
const expired: ApplicationEvent = {
  type: 'ApprovalExpired',
  data: { applicationId, expiredOn: '2026-01-20', validityMonths: 12, validFrom: '2025-01-15', validUntil: '2026-01-15', actor: 'system' },
};
const withdrawn: ApplicationEvent = {
  type: 'ApplicationWithdrawn',
  data: { applicationId, withdrawnOn: '2025-02-01', reason: 'Found a dwelling on the private market', actor },
};

// ---- what is asked (when) ----------------------------------------------------------------------

const submit = (change: Partial<SubmitApplication> = {}): SubmitApplication => ({
  type: 'SubmitApplication',
  applicationId,
  actor,
  kind: 'new',
  currentLeaseId: null,
  submittedOn: '2025-01-06',
  household: { applicantId: 'person-a', memberIds: ['person-b', 'person-c'], children: 2 },
  housingSituation: 'without-home',
  categories: ['disability', 'refugee-settlement'],
  refugeeArrivalDate: '2024-09-01',
  needs: {
    minBedrooms: 2,
    wheelchairAccessible: false,
    groundFloorOrLift: true,
    careServicesNear: false,
    preferredDistricts: ['Østbyen'],
    avoidedDistricts: [],
  },
  urgency: 'high',
  ...change,
});
const personalData = {
  persons: [
    { personId: 'person-a', name: 'Testperson Applikant', nationalId: APPLICANT_ID_NUMBER, phone: '+47 400 00 000' },
    { personId: 'person-b', name: 'Testperson Medlem', nationalId: MEMBER_ID_NUMBER },
    { personId: 'person-c', name: 'Testbarn Medlem', nationalId: null },
  ],
};
const acceptSynthetic = { acceptSyntheticNationalIds: true };
const decideApplication = (change: Partial<DecideApplication> = {}): DecideApplication => ({
  type: 'DecideApplication',
  applicationId,
  actor,
  outcome: 'approved',
  legalBasis: 'boligsosialloven § 6; tildelingsforskriften § 3',
  reasons: 'The household is without a home and meets the criteria of § 3.',
  decidedOn: '2025-01-15',
  notifiedOn: '2025-01-20',
  validityMonths: 12,
  ...change,
});
const receiveAppeal = (change: Partial<ReceiveAppeal> = {}): ReceiveAppeal => ({
  type: 'ReceiveAppeal',
  applicationId,
  actor,
  receivedOn: '2025-02-03',
  ...change,
});
const decideAppeal = (change: Partial<DecideAppeal> = {}): DecideAppeal => ({
  type: 'DecideAppeal',
  applicationId,
  actor: 'appeals-board',
  outcome: 'reversed',
  legalBasis: 'forvaltningsloven § 34; boligsosialloven § 6',
  reasons: 'The income assessment overlooked the debt settlement.',
  decidedOn: '2025-03-12',
  notifiedOn: '2025-03-14',
  validityMonths: 12,
  ...change,
});
const withdraw = (change: Partial<WithdrawApplication> = {}): WithdrawApplication => ({
  type: 'WithdrawApplication',
  applicationId,
  actor,
  withdrawnOn: '2025-02-01',
  reason: 'Found a dwelling on the private market',
  validityMonths: 12,
  ...change,
});
const expire = (change: Partial<ExpireApproval> = {}): ExpireApproval => ({
  type: 'ExpireApproval',
  applicationId,
  actor: 'system',
  recordedOn: '2026-01-20',
  validityMonths: 12,
  ...change,
});
const renew = (change: Partial<RenewApproval> = {}): RenewApproval => ({
  type: 'RenewApproval',
  applicationId,
  actor,
  renewedOn: '2026-01-10',
  reasons: 'The household still has no home of its own.',
  listDatePolicy: 'restart-date',
  validityMonths: 12,
  ...change,
});
const markOffered = (change: Partial<MarkOffered> = {}): MarkOffered => ({
  type: 'MarkOffered',
  applicationId,
  actor,
  offerId: 'offer-1',
  dwellingId: 'dwelling-9',
  offeredOn: '2025-04-02',
  validityMonths: 12,
  ...change,
});
const markDeclined = (change: Partial<MarkOfferDeclinedOrExpired> = {}): MarkOfferDeclinedOrExpired => ({
  type: 'MarkOfferDeclinedOrExpired',
  applicationId,
  actor,
  offerId: 'offer-1',
  offerOutcome: 'declined',
  returnedOn: '2025-04-07',
  reason: 'Too far from the children’s school',
  listDatePolicy: 'keep-original-date',
  ...change,
});
const markHoused = (change: Partial<MarkHoused> = {}): MarkHoused => ({
  type: 'MarkHoused',
  applicationId,
  actor,
  offerId: 'offer-1',
  acceptedOn: '2025-04-10',
  ...change,
});

function applicationAfter(...events: ApplicationEvent[]): Application {
  const state = replay(applicationDecider, events);
  if (state.status === 'none') throw new Error('no application');
  return state;
}

function refusal(history: ApplicationEvent[], command: ApplicationCommand): DomainError {
  try {
    applicationDecider.decide(command, replay(applicationDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

// ---- the rules ---------------------------------------------------------------------------------

describe('SubmitApplication', () => {
  it('records the facts statistics need: kind, household size and children, situation, categories, needs, urgency', () =>
    spec.given().when(submit()).then(submitted));

  it('records no personal data: names, national ids and contact details stay out of every event', () => {
    const events = applicationDecider.decide(submit({ personalData, personalDataRules: acceptSynthetic }), { status: 'none' });
    expect(events).toEqual([submitted]);
    const recorded = JSON.stringify(events);
    for (const secret of [APPLICANT_ID_NUMBER, MEMBER_ID_NUMBER, 'Testperson', '+47 400']) expect(recorded).not.toContain(secret);
  });

  it('records the persons only as sealed records under their pseudonymous ids', () => {
    const sealed = [
      { subjectId: 'person-a', sealed: 'pd1.aXY.Ym9keQ.dGFn' },
      { subjectId: 'person-b', sealed: 'pd1.aXZ.Ym9keg.dGFo' },
    ];
    spec.given().when(submit({ sealedPersonalData: sealed })).thenMatches({ type: 'ApplicationSubmitted', data: { personalData: sealed } });
  });

  it('refuses a person record that is not sealed, so a clear name can never reach an event', () =>
    spec
      .given()
      .when(submit({ sealedPersonalData: [{ subjectId: 'person-a', sealed: '{"name":"Testperson"}' }] }))
      .thenThrows('NOT_SEALED', 'sealedPersonalData[0].sealed'));

  it('refuses a sealed record of someone outside the household', () =>
    spec
      .given()
      .when(submit({ sealedPersonalData: [{ subjectId: 'person-a', sealed: 'pd1.a.b.c' }, { subjectId: 'person-x', sealed: 'pd1.a.b.c' }] }))
      .thenThrows('PERSON_NOT_IN_HOUSEHOLD', 'sealedPersonalData[1].subjectId'));

  it("refuses sealed records without the applicant's", () =>
    spec.given().when(submit({ sealedPersonalData: [{ subjectId: 'person-b', sealed: 'pd1.a.b.c' }] })).thenThrows('APPLICANT_PERSONAL_DATA_MISSING', 'sealedPersonalData'));

  it('counts the household as the applicant and every member', () =>
    spec
      .given()
      .when(submit({ household: { applicantId: 'person-a', memberIds: [], children: 0 } }))
      .thenMatches({ type: 'ApplicationSubmitted', data: { household: { applicantId: 'person-a', memberIds: [], size: 1, children: 0 } } }));

  it('counts a swap from a current tenant apart, naming the current lease', () =>
    spec
      .given()
      .when(submit({ kind: 'swap', currentLeaseId: 'lease-44' }))
      .thenMatches({ type: 'ApplicationSubmitted', data: { kind: 'swap', currentLeaseId: 'lease-44' } }));

  it('refuses a swap or extension without the current lease', () =>
    spec.given().when(submit({ kind: 'extension' })).thenThrows('FIELD_REQUIRED', 'currentLeaseId'));

  it('refuses a current lease on a new application: the household does not live in municipal housing', () =>
    spec.given().when(submit({ currentLeaseId: 'lease-44' })).thenThrows('FIELD_NOT_ALLOWED', 'currentLeaseId'));

  it('refuses refugee settlement without the arrival date (counted 5 years from arrival)', () =>
    spec.given().when(submit({ refugeeArrivalDate: null })).thenThrows('FIELD_REQUIRED', 'refugeeArrivalDate'));

  it('refuses an arrival date without refugee settlement', () =>
    spec.given().when(submit({ categories: ['elderly'] })).thenThrows('FIELD_NOT_ALLOWED', 'refugeeArrivalDate'));

  it('refuses an unknown background category', () =>
    spec.given().when(submit({ categories: ['homeless' as 'elderly'], refugeeArrivalDate: null })).thenThrows('INVALID_OPTION', 'categories[0]'));

  it('refuses a category given twice', () =>
    spec.given().when(submit({ categories: ['elderly', 'elderly'], refugeeArrivalDate: null })).thenThrows('DUPLICATE_CATEGORY', 'categories[1]'));

  it('refuses more children than members: the applicant is an adult', () =>
    spec
      .given()
      .when(submit({ household: { applicantId: 'person-a', memberIds: ['person-b'], children: 2 } }))
      .thenThrows('FIELD_OUT_OF_RANGE', 'household.children'));

  it('refuses the same person twice in the household', () =>
    spec
      .given()
      .when(submit({ household: { applicantId: 'person-a', memberIds: ['person-b', 'person-a'], children: 0 } }))
      .thenThrows('DUPLICATE_PERSON', 'household.memberIds[1]'));

  it('refuses a district both preferred and avoided', () =>
    spec
      .given()
      .when(submit({ needs: { ...submit().needs, avoidedDistricts: ['Østbyen'] } }))
      .thenThrows('CONTRADICTORY_DISTRICTS', 'needs.avoidedDistricts'));

  it('refuses an application submitted twice', () => spec.given(submitted).when(submit()).thenThrows('APPLICATION_EXISTS'));

  describe('personal data, checked but not recorded', () => {
    const withPersons = (persons: unknown[]) => submit({ personalData: { persons } as never, personalDataRules: acceptSynthetic });

    it('refuses an invalid national id, naming the field and never the number', () => {
      const wrong = '15888512388'; // check digit off by one
      const error = refusal([], withPersons([personalData.persons[0], { ...personalData.persons[1], nationalId: wrong }]));
      expect(error).toMatchObject({ code: 'INVALID_NATIONAL_ID', field: 'personalData.persons[1].nationalId' });
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain('Testperson');
    });

    it('refuses synthetic test numbers unless the configuration accepts them', () => {
      const error = refusal([], submit({ personalData }));
      expect(error).toMatchObject({ code: 'INVALID_NATIONAL_ID', field: 'personalData.persons[0].nationalId' });
      expect(error.message).not.toContain(APPLICANT_ID_NUMBER);
    });

    it('refuses the same national id for two persons, without repeating it', () => {
      const error = refusal([], withPersons([personalData.persons[0], { ...personalData.persons[1], nationalId: APPLICANT_ID_NUMBER }]));
      expect(error).toMatchObject({ code: 'DUPLICATE_NATIONAL_ID', field: 'personalData.persons[1].nationalId' });
      expect(error.message).not.toContain(APPLICANT_ID_NUMBER);
    });

    it('refuses personal data about someone outside the household', () =>
      expect(refusal([], withPersons([personalData.persons[0], { ...personalData.persons[1], personId: 'person-z' }]))).toMatchObject({
        code: 'PERSON_NOT_IN_HOUSEHOLD',
        field: 'personalData.persons[1].personId',
      }));

    it("refuses personal data without the applicant's record", () =>
      expect(refusal([], withPersons([personalData.persons[1]]))).toMatchObject({ code: 'APPLICANT_PERSONAL_DATA_MISSING', field: 'personalData.persons' }));

    it('refuses a person without a name', () =>
      expect(refusal([], withPersons([{ ...personalData.persons[0], name: ' ' }]))).toMatchObject({ code: 'FIELD_REQUIRED', field: 'personalData.persons[0].name' }));
  });
});

describe('DecideApplication', () => {
  it('approves with the appeal deadline 3 weeks after notification, across the month end (§ 29)', () =>
    spec.given(submitted).when(decideApplication()).then(approved));

  it('puts an approved household on the waiting list from the decision date', () =>
    expect(waitingListEntry(replay(applicationDecider, [submitted, approved]))).toEqual({
      applicationId,
      urgency: 'high',
      housingSituation: 'without-home',
      categories: ['refugee-settlement', 'disability'],
      household: { size: 3, children: 2 },
      needs: { wheelchairAccessible: false },
      waitingSince: '2025-01-15',
    }));

  it('rejects, with the same appeal deadline', () =>
    spec
      .given(submitted)
      .when(decideApplication({ outcome: 'rejected', reasons: 'The household can obtain a dwelling on the private market with housing allowance.' }))
      .then(rejected));

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['missing', undefined],
  ])('requires reasons with the decision (forvaltningsloven § 24): %s reasons are refused', (_what, reasons) =>
    spec
      .given(submitted)
      .when(decideApplication({ reasons: reasons as string }))
      .thenThrows('REASONS_REQUIRED', 'reasons'));

  it('requires the legal basis the decision builds on (§ 25)', () =>
    spec.given(submitted).when(decideApplication({ legalBasis: '' })).thenThrows('LEGAL_BASIS_REQUIRED', 'legalBasis'));

  it('refuses a notification before the decision', () =>
    spec.given(submitted).when(decideApplication({ notifiedOn: '2025-01-14' })).thenThrows('DATE_OUT_OF_ORDER', 'notifiedOn'));

  it('accepts notification on the day of the decision', () =>
    spec
      .given(submitted)
      .when(decideApplication({ notifiedOn: '2025-01-15' }))
      .thenMatches({ type: 'ApplicationDecided', data: { notifiedOn: '2025-01-15', appealDeadline: '2025-02-05' } }));

  it('refuses a decision before the application was submitted', () =>
    spec.given(submitted).when(decideApplication({ decidedOn: '2025-01-05' })).thenThrows('DATE_OUT_OF_ORDER', 'decidedOn'));

  it('refuses deciding twice: a decision is changed by appeal', () =>
    spec.given(submitted, rejected).when(decideApplication()).thenThrows('ALREADY_DECIDED'));

  it('refuses deciding a withdrawn application', () =>
    spec.given(submitted, withdrawn).when(decideApplication({ decidedOn: '2025-02-02', notifiedOn: '2025-02-03' })).thenThrows('APPLICATION_CLOSED'));

  it('refuses deciding an application that does not exist', () =>
    spec.given().when(decideApplication()).thenThrows('APPLICATION_NOT_FOUND', 'applicationId'));

  it('computes the deadline across a year end', () =>
    spec
      .given(submitted)
      .when(decideApplication({ decidedOn: '2025-12-15', notifiedOn: '2025-12-19' }))
      .thenMatches({ type: 'ApplicationDecided', data: { appealDeadline: '2026-01-09' } }));
});

describe('ReceiveAppeal', () => {
  it('records an appeal within the deadline as lodged in time', () =>
    spec.given(submitted, rejected).when(receiveAppeal()).then(appealInTime));

  it('records an appeal on the last day as lodged in time', () =>
    spec
      .given(submitted, rejected)
      .when(receiveAppeal({ receivedOn: '2025-02-10' }))
      .thenMatches({ type: 'AppealReceived', data: { lodgedInTime: true } }));

  it('records an appeal after the deadline all the same, with lodgedInTime false', () =>
    spec
      .given(submitted, rejected)
      .when(receiveAppeal({ receivedOn: '2025-02-11' }))
      .then({ type: 'AppealReceived', data: { applicationId, receivedOn: '2025-02-11', appealDeadline: '2025-02-10', lodgedInTime: false, actor } }));

  it('puts the application under appeal', () => expect(applicationAfter(submitted, rejected, appealInTime).status).toBe('appealed'));

  it('refuses an appeal against an approval here', () => spec.given(submitted, approved).when(receiveAppeal()).thenThrows('NOT_REJECTED'));

  it('refuses an appeal before a decision', () => spec.given(submitted).when(receiveAppeal()).thenThrows('NOT_REJECTED'));

  it('refuses a second appeal while one is pending', () =>
    spec.given(submitted, rejected, appealInTime).when(receiveAppeal()).thenThrows('APPEAL_ALREADY_RECEIVED'));

  it('refuses an appeal against the appeal decision (§ 28)', () =>
    spec.given(submitted, rejected, appealInTime, appealUpheld).when(receiveAppeal({ receivedOn: '2025-03-20' })).thenThrows('APPEAL_ALREADY_DECIDED'));

  it('refuses an appeal received before the decision', () =>
    spec.given(submitted, rejected).when(receiveAppeal({ receivedOn: '2025-01-14' })).thenThrows('DATE_OUT_OF_ORDER', 'receivedOn'));
});

describe('DecideAppeal', () => {
  it('reverses a rejection: the application is approved from the appeal decision date', () => {
    spec.given(submitted, rejected, appealInTime).when(decideAppeal()).then(appealReversed);
    expect(applicationAfter(submitted, rejected, appealInTime, appealReversed)).toMatchObject({
      status: 'approved',
      approvedOn: '2025-03-12',
      validFrom: '2025-03-12',
      waitingSince: '2025-03-12',
      appeal: { receivedOn: '2025-02-03', lodgedInTime: true, outcome: 'reversed', decidedOn: '2025-03-12' },
    });
  });

  it('upholds a rejection: it stands', () => {
    spec.given(submitted, rejected, appealInTime).when(decideAppeal({ outcome: 'upheld' })).then(appealUpheld);
    expect(applicationAfter(submitted, rejected, appealInTime, appealUpheld).status).toBe('rejected');
  });

  it('decides a late appeal too (forvaltningsloven § 31)', () =>
    spec
      .given(submitted, rejected, { type: 'AppealReceived', data: { ...appealInTime.data, receivedOn: '2025-02-20', lodgedInTime: false } } as ApplicationEvent)
      .when(decideAppeal())
      .thenMatches({ type: 'AppealDecided', data: { outcome: 'reversed' } }));

  it('requires reasons with the appeal decision (§ 24)', () =>
    spec.given(submitted, rejected, appealInTime).when(decideAppeal({ reasons: ' ' })).thenThrows('REASONS_REQUIRED', 'reasons'));

  it('refuses an appeal decision without a pending appeal', () =>
    spec.given(submitted, rejected).when(decideAppeal()).thenThrows('NO_PENDING_APPEAL'));

  it('refuses an appeal decision before the appeal was received', () =>
    spec.given(submitted, rejected, appealInTime).when(decideAppeal({ decidedOn: '2025-02-02' })).thenThrows('DATE_OUT_OF_ORDER', 'decidedOn'));

  it('refuses a notification before the appeal decision', () =>
    spec.given(submitted, rejected, appealInTime).when(decideAppeal({ notifiedOn: '2025-03-11' })).thenThrows('DATE_OUT_OF_ORDER', 'notifiedOn'));
});

describe('WithdrawApplication', () => {
  it('withdraws a pending application', () => spec.given(submitted).when(withdraw()).then(withdrawn));

  it('withdraws an approved application from the list', () =>
    spec.given(submitted, approved).when(withdraw({ withdrawnOn: '2025-03-01' })).thenMatches({ type: 'ApplicationWithdrawn' }));

  it('withdraws an application under appeal', () =>
    spec.given(submitted, rejected, appealInTime).when(withdraw({ withdrawnOn: '2025-03-01' })).thenMatches({ type: 'ApplicationWithdrawn' }));

  it('refuses withdrawal while an offer is out: answer the offer first', () =>
    spec.given(submitted, approved, offered).when(withdraw({ withdrawnOn: '2025-04-03' })).thenThrows('OFFER_PENDING'));

  it('refuses withdrawing a housed household', () =>
    spec.given(submitted, approved, offered, housed).when(withdraw({ withdrawnOn: '2025-05-01' })).thenThrows('APPLICATION_CLOSED'));

  it('refuses withdrawing twice', () => spec.given(submitted, withdrawn).when(withdraw()).thenThrows('APPLICATION_CLOSED'));

  it('refuses a withdrawal before the application', () =>
    spec.given(submitted).when(withdraw({ withdrawnOn: '2025-01-01' })).thenThrows('DATE_OUT_OF_ORDER', 'withdrawnOn'));

  it('refuses a withdrawal dated before the approval it takes the household off the list from', () => {
    const approvedInMarch = { type: 'ApplicationDecided', data: { ...approved.data, decidedOn: '2025-03-01', notifiedOn: '2025-03-03', appealDeadline: '2025-03-24' } } as ApplicationEvent;
    spec.given(submitted, approvedInMarch).when(withdraw({ withdrawnOn: '2025-02-01' })).thenThrows('DATE_OUT_OF_ORDER', 'withdrawnOn');
    expect(refusal([submitted, approvedInMarch], withdraw({ withdrawnOn: '2025-02-01' })).message).toBe('withdrawnOn: must not be before the decision (2025-03-01)');
  });

  it('refuses a withdrawal dated before the appeal it withdraws was received', () =>
    spec.given(submitted, rejected, appealInTime).when(withdraw({ withdrawnOn: '2025-02-01' })).thenThrows('DATE_OUT_OF_ORDER', 'withdrawnOn'));

  it("refuses a withdrawal dated back into an offer: not before the household's return to the list", () =>
    spec.given(submitted, approved, offered, declined).when(withdraw({ withdrawnOn: '2025-04-05' })).thenThrows('DATE_OUT_OF_ORDER', 'withdrawnOn'));

  it('withdraws on the day the household came back to the list', () =>
    spec.given(submitted, approved, offered, declined).when(withdraw({ withdrawnOn: '2025-04-07' })).thenMatches({ type: 'ApplicationWithdrawn' }));
});

describe('ExpireApproval', () => {
  it('records the expiry of an approval whose validity period has passed, dated the day it lapsed', () =>
    spec.given(submitted, approved).when(expire()).then({
      type: 'ApprovalExpired',
      data: { applicationId, expiredOn: '2026-01-15', recordedOn: '2026-01-20', validityMonths: 12, validFrom: '2025-01-15', validUntil: '2026-01-15', actor: 'system' },
    }));

  it('dates it the day it lapsed however late the expiry job runs', () =>
    spec
      .given(submitted, approved)
      .when(expire({ recordedOn: '2026-06-30' }))
      .thenMatches({ type: 'ApprovalExpired', data: { expiredOn: '2026-01-15', recordedOn: '2026-06-30' } }));

  it('records it on the first day after the period', () =>
    spec
      .given(submitted, approved)
      .when(expire({ recordedOn: '2026-01-15' }))
      .thenMatches({ type: 'ApprovalExpired', data: { expiredOn: '2026-01-15', validUntil: '2026-01-15' } }));

  it('refuses expiry before the validity period has passed', () => {
    spec.given(submitted, approved).when(expire({ recordedOn: '2026-01-14' })).thenThrows('APPROVAL_STILL_VALID', 'expiredOn');
    expect(refusal([submitted, approved], expire({ recordedOn: '2026-01-14' })).message).toBe(
      `The approval of application ${applicationId} is valid for 12 months from 2025-01-15; it lapses on 2026-01-15, and its expiry can be recorded from then on.`,
    );
  });

  it('keeps the validity period granted with the approval when the policy changes later: not shortened, not lengthened', () => {
    spec.given(submitted, approved).when(expire({ recordedOn: '2025-07-15', validityMonths: 6 })).thenThrows('APPROVAL_STILL_VALID', 'expiredOn');
    spec
      .given(submitted, approved)
      .when(expire({ recordedOn: '2026-01-20', validityMonths: 6 }))
      .thenMatches({ type: 'ApprovalExpired', data: { validityMonths: 12, validUntil: '2026-01-15', expiredOn: '2026-01-15' } });
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, approved]), 24)).toBe('2026-01-15');
    spec.given(submitted, approved).when(markOffered({ offeredOn: '2026-02-01', validityMonths: 24 })).thenThrows('APPROVAL_LAPSED', 'offeredOn');
    spec.given(submitted, approved).when(withdraw({ withdrawnOn: '2025-08-01', validityMonths: 6 })).thenMatches({ type: 'ApplicationWithdrawn' });
  });

  it('applies the policy passed in to an approval granted before its period was recorded with it', () =>
    spec
      .given(submitted, approvedUnrecordedPeriod)
      .when(expire({ recordedOn: '2025-07-15', validityMonths: 6 }))
      .thenMatches({ type: 'ApprovalExpired', data: { validityMonths: 6, validUntil: '2025-07-15', expiredOn: '2025-07-15' } }));

  it('fixes the period of an approval by decision, by reversal on appeal and by renewal, each with its own', () => {
    spec.given(submitted).when(decideApplication({ validityMonths: 18 })).thenMatches({ type: 'ApplicationDecided', data: { validityMonths: 18 } });
    spec.given(submitted, rejected, appealInTime).when(decideAppeal({ validityMonths: 9 })).thenMatches({ type: 'AppealDecided', data: { validityMonths: 9 } });
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, rejected, appealInTime, { type: 'AppealDecided', data: { ...appealReversed.data, validityMonths: 9 } } as ApplicationEvent]), 12)).toBe('2025-12-12');
    // A renewal under a 6-month policy: the old 12-month period ran to 2026-01-15, the new one runs 6 months from the renewal.
    const renewed = applicationDecider.decide(renew({ renewedOn: '2026-01-10', validityMonths: 6 }), replay(applicationDecider, [submitted, approved]));
    expect(renewed).toMatchObject([{ type: 'ApprovalRenewed', data: { wasExpired: false, validityMonths: 6 } }]);
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, approved, ...renewed]), 12)).toBe('2026-07-10');
    // A rejection, or an appeal upheld, has no period and needs none.
    spec.given(submitted).when(decideApplication({ outcome: 'rejected', validityMonths: 0 })).thenMatches({ type: 'ApplicationDecided', data: { outcome: 'rejected' } });
    spec.given(submitted).when(decideApplication({ validityMonths: 0 })).thenThrows('FIELD_OUT_OF_RANGE', 'validityMonths');
  });

  it('counts the period from the last renewal', () => {
    const renewed: ApplicationEvent = {
      type: 'ApprovalRenewed',
      data: { applicationId, renewedOn: '2026-01-10', reasons: 'Still in need', wasExpired: false, listDatePolicy: 'keep-original-date', waitingSince: '2025-01-15', actor },
    };
    spec.given(submitted, approved, renewed).when(expire({ recordedOn: '2026-06-01' })).thenThrows('APPROVAL_STILL_VALID');
    spec.given(submitted, approved, renewed).when(expire({ recordedOn: '2027-02-01' })).thenMatches({ type: 'ApprovalExpired', data: { expiredOn: '2027-01-10' } });
  });

  it('refuses expiry while an offer is out', () => spec.given(submitted, approved, offered).when(expire()).thenThrows('OFFER_PENDING'));

  describe('an offer out when the validity period ended (offered 2026-01-10, declined, back on the list 2026-01-20)', () => {
    const offeredLate = { type: 'ApplicationOffered', data: { ...offered.data, offeredOn: '2026-01-10' } } as ApplicationEvent;
    const declinedLate = { type: 'ReturnedToWaitingList', data: { ...declined.data, returnedOn: '2026-01-20' } } as ApplicationEvent;

    it('refuses to record an expiry on or before the day the household came back to the list', () =>
      spec.given(submitted, approved, offeredLate, declinedLate).when(expire({ recordedOn: '2026-01-20' })).thenThrows('APPROVAL_STILL_VALID', 'expiredOn'));

    it('dates the expiry the day after the household came back to the list, never back into the offer', () =>
      spec
        .given(submitted, approved, offeredLate, declinedLate)
        .when(expire({ recordedOn: '2026-02-03' }))
        .thenMatches({ type: 'ApprovalExpired', data: { expiredOn: '2026-01-21', recordedOn: '2026-02-03', validUntil: '2026-01-15' } }));
  });

  it('refuses expiry of an application not approved', () => spec.given(submitted).when(expire()).thenThrows('NOT_APPROVED'));

  it('refuses a validity period that is no whole number of months', () =>
    spec.given(submitted, approved).when(expire({ validityMonths: 0 })).thenThrows('FIELD_OUT_OF_RANGE', 'validityMonths'));
});

describe('an approval lapsed by the calendar, its expiry not yet recorded (valid until 2026-01-15)', () => {
  it('is listed as lapsing on the day its validity ends', () =>
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, approved]), 12)).toBe('2026-01-15'));

  it('takes no offer from the day it lapsed', () => {
    spec.given(submitted, approved).when(markOffered({ offeredOn: '2026-01-15' })).thenThrows('APPROVAL_LAPSED', 'offeredOn');
    expect(refusal([submitted, approved], markOffered({ offeredOn: '2026-01-15' })).message).toBe(
      `The approval of application ${applicationId} (valid for 12 months from 2025-01-15) lapsed on 2026-01-15, on or before offeredOn; a lapsed approval cannot be offered a dwelling; renew it first.`,
    );
  });

  it('takes an offer the day before it lapses', () =>
    spec.given(submitted, approved).when(markOffered({ offeredOn: '2026-01-14' })).thenMatches({ type: 'ApplicationOffered' }));

  it('cannot be withdrawn once lapsed: its expiry is recorded instead', () =>
    spec.given(submitted, approved).when(withdraw({ withdrawnOn: '2026-02-01' })).thenThrows('APPROVAL_LAPSED', 'withdrawnOn'));

  it('is revived, not extended, by a renewal after it lapsed: the expiry is recorded first, dated the day it lapsed', () => {
    const events = applicationDecider.decide(renew({ renewedOn: '2026-02-01' }), replay(applicationDecider, [submitted, approved]));
    expect(events).toEqual([
      {
        type: 'ApprovalExpired',
        data: { applicationId, expiredOn: '2026-01-15', recordedOn: '2026-02-01', validityMonths: 12, validFrom: '2025-01-15', validUntil: '2026-01-15', actor },
      },
      {
        type: 'ApprovalRenewed',
        data: { applicationId, renewedOn: '2026-02-01', reasons: 'The household still has no home of its own.', wasExpired: true, listDatePolicy: 'restart-date', waitingSince: '2026-02-01', validityMonths: 12, actor },
      },
    ]);
    expect(applicationAfter(submitted, approved, ...events)).toMatchObject({ status: 'approved', validFrom: '2026-02-01', waitingSince: '2026-02-01', closedOn: null });
  });

  it('keeps the list date on a renewal the day before it lapses', () =>
    spec
      .given(submitted, approved)
      .when(renew({ renewedOn: '2026-01-14' }))
      .then({
        type: 'ApprovalRenewed',
        data: { applicationId, renewedOn: '2026-01-14', reasons: 'The household still has no home of its own.', wasExpired: false, listDatePolicy: 'restart-date', waitingSince: '2025-01-15', validityMonths: 12, actor },
      }));

  it('lapses the day after a return to the list from an offer that was out across its end', () => {
    const offeredLate = { type: 'ApplicationOffered', data: { ...offered.data, offeredOn: '2026-01-10' } } as ApplicationEvent;
    const declinedLate = { type: 'ReturnedToWaitingList', data: { ...declined.data, returnedOn: '2026-01-20' } } as ApplicationEvent;
    const back = [submitted, approved, offeredLate, declinedLate];
    expect(approvalLapsesOn(replay(applicationDecider, back), 12)).toBe('2026-01-21');
    spec.given(...back).when(renew({ renewedOn: '2026-01-20' })).thenMatches({ type: 'ApprovalRenewed', data: { wasExpired: false, waitingSince: '2025-01-15' } });
    spec.given(...back).when(markOffered({ offerId: 'offer-2', offeredOn: '2026-01-21' })).thenThrows('APPROVAL_LAPSED', 'offeredOn');
    spec.given(...back).when(renew({ renewedOn: '2026-01-21' })).thenMatches({ type: 'ApprovalExpired', data: { expiredOn: '2026-01-21' } }, { type: 'ApprovalRenewed', data: { wasExpired: true } });
  });

  it("gives a household back from an offer whose expiry was recorded late its day to renew from the day it was recorded", () => {
    // Offered 2026-01-10 with answer by 2026-01-17: lapsed 2026-01-18, recorded by a job run late on 2026-01-22.
    const offeredLate = { type: 'ApplicationOffered', data: { ...offered.data, offeredOn: '2026-01-10' } } as ApplicationEvent;
    const history = [submitted, approved, offeredLate];
    const back = applicationDecider.decide(
      markDeclined({ offerOutcome: 'expired', reason: null, returnedOn: '2026-01-18', recordedOn: '2026-01-22', listDatePolicy: 'keep-original-date' }),
      replay(applicationDecider, history),
    );
    expect(back).toMatchObject([{ type: 'ReturnedToWaitingList', data: { returnedOn: '2026-01-18', recordedOn: '2026-01-22' } }]);
    const returned = [...history, ...back];
    expect(approvalLapsesOn(replay(applicationDecider, returned), 12)).toBe('2026-01-23');
    spec.given(...returned).when(expire({ recordedOn: '2026-01-22' })).thenThrows('APPROVAL_STILL_VALID');
    spec.given(...returned).when(renew({ renewedOn: '2026-01-22' })).thenMatches({ type: 'ApprovalRenewed', data: { wasExpired: false, waitingSince: '2025-01-15' } });
    // Recorded the day it happened, nothing extra is kept.
    const onTime = applicationDecider.decide(
      markDeclined({ offerOutcome: 'expired', reason: null, returnedOn: '2026-01-18', recordedOn: '2026-01-18', listDatePolicy: 'keep-original-date' }),
      replay(applicationDecider, history),
    );
    expect(onTime[0]!.data).not.toHaveProperty('recordedOn');
    expect(approvalLapsesOn(replay(applicationDecider, [...history, ...onTime]), 12)).toBe('2026-01-19');
  });

  it('has no lapse day unless it is an approval on the list', () => {
    expect(approvalLapsesOn(replay(applicationDecider, [submitted]), 12)).toBeNull();
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, approved, offered]), 12)).toBeNull();
    expect(approvalLapsesOn(replay(applicationDecider, [submitted, approved, expired]), 12)).toBeNull();
  });
});

describe('RenewApproval', () => {
  it('renews an approval before it expires: new validity period, same list date', () => {
    spec
      .given(submitted, approved)
      .when(renew())
      .then({
        type: 'ApprovalRenewed',
        data: {
          applicationId,
          renewedOn: '2026-01-10',
          reasons: 'The household still has no home of its own.',
          wasExpired: false,
          listDatePolicy: 'restart-date',
          waitingSince: '2025-01-15',
          validityMonths: 12,
          actor,
        },
      });
  });

  it('revives an expired approval with a new list date when the policy restarts it', () => {
    const events = applicationDecider.decide(renew({ renewedOn: '2026-02-01' }), replay(applicationDecider, [submitted, approved, expired]));
    expect(events).toMatchObject([{ type: 'ApprovalRenewed', data: { wasExpired: true, waitingSince: '2026-02-01' } }]);
    expect(applicationAfter(submitted, approved, expired, ...events)).toMatchObject({ status: 'approved', validFrom: '2026-02-01', closedOn: null });
  });

  it('revives an expired approval keeping the original list date when the policy keeps it', () =>
    spec
      .given(submitted, approved, expired)
      .when(renew({ renewedOn: '2026-02-01', listDatePolicy: 'keep-original-date' }))
      .thenMatches({ type: 'ApprovalRenewed', data: { wasExpired: true, waitingSince: '2025-01-15' } }));

  it('requires reasons for the renewal', () => spec.given(submitted, approved).when(renew({ reasons: '' })).thenThrows('REASONS_REQUIRED', 'reasons'));

  it('refuses renewing a rejection', () => spec.given(submitted, rejected).when(renew()).thenThrows('NOTHING_TO_RENEW'));

  it('refuses a renewal dated before the expiry', () =>
    spec.given(submitted, approved, expired).when(renew({ renewedOn: '2026-01-19' })).thenThrows('DATE_OUT_OF_ORDER', 'renewedOn'));

  describe("dated against the application's latest step (offered 2026-01-10, declined, back on the list 2026-01-20)", () => {
    const offeredLate = { type: 'ApplicationOffered', data: { ...offered.data, offeredOn: '2026-01-10' } } as ApplicationEvent;
    const declinedLate = { type: 'ReturnedToWaitingList', data: { ...declined.data, returnedOn: '2026-01-20' } } as ApplicationEvent;

    it('refuses a renewal dated while the offer was out', () => {
      spec.given(submitted, approved, offeredLate, declinedLate).when(renew({ renewedOn: '2026-01-15' })).thenThrows('DATE_OUT_OF_ORDER', 'renewedOn');
      expect(refusal([submitted, approved, offeredLate, declinedLate], renew({ renewedOn: '2026-01-15' })).message).toBe(
        'renewedOn: must not be before the return to the waiting list (2026-01-20)',
      );
    });

    it('renews from the day the household came back to the list', () =>
      spec.given(submitted, approved, offeredLate, declinedLate).when(renew({ renewedOn: '2026-01-20' })).thenMatches({ type: 'ApprovalRenewed', data: { renewedOn: '2026-01-20' } }));
  });
});

describe('MarkOffered', () => {
  it('takes the household off the list while the offer is out', () => {
    spec.given(submitted, approved).when(markOffered()).then(offered);
    expect(applicationAfter(submitted, approved, offered).status).toBe('offered');
    expect(waitingListEntry(replay(applicationDecider, [submitted, approved, offered]))).toBeNull();
  });

  it('records nothing when the same offer is marked again', () => spec.given(submitted, approved, offered).when(markOffered()).then());

  it('refuses a second offer while one is out', () =>
    spec.given(submitted, approved, offered).when(markOffered({ offerId: 'offer-2' })).thenThrows('OFFER_PENDING'));

  it('refuses an offer to an application not approved', () => spec.given(submitted).when(markOffered()).thenThrows('NOT_APPROVED'));

  it('refuses an offer to an expired approval', () => spec.given(submitted, approved, expired).when(markOffered({ offeredOn: '2026-02-01' })).thenThrows('NOT_APPROVED'));

  it('refuses an offer dated before the approval', () =>
    spec.given(submitted, approved).when(markOffered({ offeredOn: '2025-01-14' })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn'));

  it("refuses a new offer dated before the household's return to the list after declining the last one", () =>
    spec.given(submitted, approved, offered, declined).when(markOffered({ offerId: 'offer-2', offeredOn: '2025-04-05' })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn'));

  it('offers again from the day the household came back to the list', () =>
    spec
      .given(submitted, approved, offered, declined)
      .when(markOffered({ offerId: 'offer-2', dwellingId: 'dwelling-10', offeredOn: '2025-04-07' }))
      .thenMatches({ type: 'ApplicationOffered', data: { offerId: 'offer-2', offeredOn: '2025-04-07' } }));

  it('refuses an offer dated before the renewal that revived an expired approval', () => {
    const revived: ApplicationEvent = {
      type: 'ApprovalRenewed',
      data: { applicationId, renewedOn: '2026-02-01', reasons: 'Still in need', wasExpired: true, listDatePolicy: 'restart-date', waitingSince: '2026-02-01', actor },
    };
    spec.given(submitted, approved, expired, revived).when(markOffered({ offeredOn: '2026-01-25' })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn');
    expect(refusal([submitted, approved, expired, revived], markOffered({ offeredOn: '2026-01-25' })).message).toBe(
      'offeredOn: must not be before the renewal of the approval (2026-02-01)',
    );
  });

  it('refuses an offer dated before the renewal that started the current validity period', () => {
    const renewed: ApplicationEvent = {
      type: 'ApprovalRenewed',
      data: { applicationId, renewedOn: '2026-01-10', reasons: 'Still in need', wasExpired: false, listDatePolicy: 'keep-original-date', waitingSince: '2025-01-15', actor },
    };
    spec.given(submitted, approved, renewed).when(markOffered({ offeredOn: '2025-12-01' })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn');
  });

  it("keeps the day of the household's last return to the list and of its latest step", () =>
    expect(applicationAfter(submitted, approved, offered, declined)).toMatchObject({
      returnedToListOn: '2025-04-07',
      lastStep: { type: 'ReturnedToWaitingList', on: '2025-04-07' },
    }));
});

describe('MarkOfferDeclinedOrExpired', () => {
  it('returns a household that declined to the list, keeping its list date by policy', () => {
    spec.given(submitted, approved, offered).when(markDeclined()).then(declined);
    expect(applicationAfter(submitted, approved, offered, declined)).toMatchObject({ status: 'approved', waitingSince: '2025-01-15', offersDeclined: 1 });
  });

  it('restarts the list date from the return when the policy says so', () =>
    spec
      .given(submitted, approved, offered)
      .when(markDeclined({ offerOutcome: 'expired', reason: null, returnedOn: '2025-04-12', listDatePolicy: 'restart-date' }))
      .thenMatches({ type: 'ReturnedToWaitingList', data: { offerOutcome: 'expired', waitingSince: '2025-04-12' } }));

  it('requires the reason a household declined', () =>
    spec.given(submitted, approved, offered).when(markDeclined({ reason: null })).thenThrows('FIELD_REQUIRED', 'reason'));

  it('refuses the answer to another offer', () =>
    spec.given(submitted, approved, offered).when(markDeclined({ offerId: 'offer-2' })).thenThrows('ANOTHER_OFFER', 'offerId'));

  it('refuses an answer when no offer is out', () => spec.given(submitted, approved).when(markDeclined()).thenThrows('NOT_OFFERED'));

  it('records nothing when the same answer is recorded again', () => spec.given(submitted, approved, offered, declined).when(markDeclined()).then());

  it('refuses turning a declined offer into an expired one', () =>
    spec.given(submitted, approved, offered, declined).when(markDeclined({ offerOutcome: 'expired', reason: null })).thenThrows('OFFER_ALREADY_ANSWERED'));
});

describe('MarkHoused', () => {
  it('records the waiting time from approval to the accepted offer, for statistics', () => {
    spec.given(submitted, approved, offered).when(markHoused()).then(housed);
    expect(applicationAfter(submitted, approved, offered, housed)).toMatchObject({ status: 'housed', closedOn: '2025-04-10' });
  });

  it('counts the waiting time from the appeal decision when approved on appeal', () =>
    spec
      .given(submitted, rejected, appealInTime, appealReversed, offered)
      .when(markHoused())
      .thenMatches({ type: 'ApplicantHoused', data: { approvedOn: '2025-03-12', waitingDays: 29 } }));

  it('records nothing when the acceptance is recorded again', () => spec.given(submitted, approved, offered, housed).when(markHoused()).then());

  it('refuses accepting an offer that was declined', () =>
    spec.given(submitted, approved, offered, declined).when(markHoused()).thenThrows('OFFER_ALREADY_ANSWERED'));

  it('refuses an acceptance before the offer', () =>
    spec.given(submitted, approved, offered).when(markHoused({ acceptedOn: '2025-04-01' })).thenThrows('DATE_OUT_OF_ORDER', 'acceptedOn'));
});
