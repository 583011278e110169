import { deciderSpecification } from '../../../test/support/decider-specification.js';
import { replay } from '../../shared-kernel/decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { ApplicationSnapshot } from '../application-snapshot.js';
import { DEFAULT_CONCENTRATION_CAP_POLICY } from '../concentration-cap.js';
import { DEFAULT_DWELLING_FIT_RULES } from '../dwelling-fit.js';
import type { DwellingSnapshot } from '../dwelling-snapshot.js';
import type { AcceptOffer, DeclineOffer, ExpireOffer, OfferCommand, OfferDwelling } from './offer.commands.js';
import { offerDecider } from './offer.decider.js';
import { DwellingDoesNotFitError } from './offer.errors.js';
import type { DwellingOffered, OfferEvent } from './offer.events.js';

const spec = deciderSpecification(offerDecider);

const offerId = 'offer-1';
const actor = 'committee-secretary';
const buildingKey = '5001-405/112/0|innherredsveien 12';

const application: ApplicationSnapshot = {
  applicationId: 'application-1',
  status: 'approved',
  approvedOn: '2025-01-15',
  validFrom: '2025-01-15',
  returnedToListOn: null,
  household: { applicantId: 'person-a', memberIds: ['person-b', 'person-c'], size: 3, children: 2 },
  needs: {
    minBedrooms: 2,
    wheelchairAccessible: false,
    groundFloorOrLift: true,
    careServicesNear: false,
    preferredDistricts: ['Østbyen'],
    avoidedDistricts: ['Midtbyen'],
  },
  categories: ['substance-abuse-or-mental-illness'],
};
const dwelling: DwellingSnapshot = {
  dwellingId: 'dwelling-9',
  status: 'available',
  bedrooms: 2,
  wheelchairAccessible: false,
  floor: 1,
  hasLift: null,
  dwellingType: 'ordinary',
  district: 'Østbyen',
  buildingKey,
};
/** 8 dwellings in the building, 25 % cap: 2 may be let to capped households; 1 already is. */
const concentration = (inBuilding = 1, inDistrict = 3): OfferDwelling['concentration'] => ({
  building: { buildingKey, dwellings: 8, inCappedCategories: inBuilding },
  district: { district: 'Østbyen', dwellings: 120, inCappedCategories: inDistrict },
});

const offer = (change: Partial<OfferDwelling> = {}): OfferDwelling => ({
  type: 'OfferDwelling',
  offerId,
  actor,
  meeting: { meetingId: 'meeting-2025-04', heldOn: '2025-04-01', status: 'open' },
  application,
  dwelling,
  listPosition: { position: 1, reason: '1st: urgency high; on the list since 2025-01-15' },
  concentration: concentration(),
  policy: { fit: DEFAULT_DWELLING_FIT_RULES, concentration: DEFAULT_CONCENTRATION_CAP_POLICY },
  concentrationOverride: null,
  legalBasis: 'tildelingsforskriften § 5',
  reasons: 'First on the list; the dwelling is on the ground floor and has the bedrooms the family needs.',
  offeredOn: '2025-04-02',
  answerBy: '2025-04-09',
  ...change,
});

const offered: DwellingOffered = {
  type: 'DwellingOffered',
  data: {
    offerId,
    applicationId: 'application-1',
    dwellingId: 'dwelling-9',
    meetingId: 'meeting-2025-04',
    decidedOn: '2025-04-01',
    offeredOn: '2025-04-02',
    answerBy: '2025-04-09',
    legalBasis: 'tildelingsforskriften § 5',
    reasons: 'First on the list; the dwelling is on the ground floor and has the bedrooms the family needs.',
    listPosition: { position: 1, reason: '1st: urgency high; on the list since 2025-01-15' },
    fit: { requiredBedrooms: 2, dwellingBedrooms: 2, inPreferredDistrict: true },
    concentration: {
      cappedCategories: ['substance-abuse-or-mental-illness'],
      building: { scope: 'building', key: buildingKey, dwellings: 8, before: 1, after: 2, maxPercent: 25, exceeded: false },
      district: { scope: 'district', key: 'Østbyen', dwellings: 120, before: 3, after: 4, maxPercent: null, exceeded: false },
    },
    concentrationOverride: null,
    actor,
  },
};
const declined: OfferEvent = {
  type: 'OfferDeclined',
  data: { offerId, applicationId: 'application-1', dwellingId: 'dwelling-9', declinedOn: '2025-04-05', reason: 'Too far from school', actor: 'caseworker-17' },
};

const accept = (change: Partial<AcceptOffer> = {}): AcceptOffer => ({ type: 'AcceptOffer', offerId, actor: 'caseworker-17', acceptedOn: '2025-04-08', ...change });
const decline = (change: Partial<DeclineOffer> = {}): DeclineOffer => ({
  type: 'DeclineOffer',
  offerId,
  actor: 'caseworker-17',
  declinedOn: '2025-04-05',
  reason: 'Too far from school',
  ...change,
});
const expire = (change: Partial<ExpireOffer> = {}): ExpireOffer => ({ type: 'ExpireOffer', offerId, actor: 'system', recordedOn: '2025-04-10', ...change });

function refusal(history: OfferEvent[], command: OfferCommand): DomainError {
  try {
    offerDecider.decide(command, replay(offerDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

describe('OfferDwelling', () => {
  it('offers an available dwelling that fits to an approved household, recording why', () => spec.given().when(offer()).then(offered));

  it.each(['reserved', 'let', 'under-renovation', 'marked-for-disposal'] as const)('refuses a dwelling that is %s: not available', (status) =>
    spec.given().when(offer({ dwelling: { ...dwelling, status } })).thenThrows('DWELLING_NOT_AVAILABLE', 'dwelling'));

  it.each(['submitted', 'rejected', 'appealed', 'offered', 'housed', 'withdrawn', 'expired', 'none'] as const)(
    'refuses an application that is %s: only an approved, active application is offered a dwelling',
    (status) => spec.given().when(offer({ application: { ...application, status } })).thenThrows('APPLICATION_NOT_APPROVED', 'application'),
  );

  it('refuses a dwelling that does not fit the needs, listing every misfit', () => {
    const error = refusal([], offer({ dwelling: { ...dwelling, bedrooms: 1, floor: 4, district: 'Midtbyen' } }));
    expect(error).toBeInstanceOf(DwellingDoesNotFitError);
    expect(error.code).toBe('DWELLING_DOES_NOT_FIT');
    expect((error as DwellingDoesNotFitError).misfits.map((m) => m.code)).toEqual(['TOO_FEW_BEDROOMS', 'NO_STEP_FREE_ACCESS', 'DISTRICT_AVOIDED']);
    expect(error.message).toBe(
      'Dwelling dwelling-9 does not fit the needs of application application-1: it has 1 bedrooms, and the household of 3 needs 2; the household needs a ground-level dwelling or a lift, and it is on floor 4 with no lift recorded; it is in Midtbyen, a district the household is to avoid.',
    );
  });

  it('refuses a wheelchair user a dwelling that is not wheelchair-accessible', () =>
    spec
      .given()
      .when(offer({ application: { ...application, needs: { ...application.needs, wheelchairAccessible: true } } }))
      .thenThrows('DWELLING_DOES_NOT_FIT'));

  describe('concentration cap', () => {
    it('allows an allocation exactly at the cap (2 of 8 at 25 %)', () =>
      spec.given().when(offer({ concentration: concentration(1) })).thenMatches({ type: 'DwellingOffered', data: { concentrationOverride: null } }));

    it('refuses one over the cap (3 of 8 at 25 %), with the numbers in the message', () => {
      const error = refusal([], offer({ concentration: concentration(2) }));
      expect(error).toMatchObject({ code: 'CONCENTRATION_CAP_EXCEEDED', field: 'concentrationOverride' });
      expect(error.message).toContain('3 of 8 dwellings (38 %) in building 5001-405/112/0|innherredsveien 12');
      expect(error.message).toContain('the cap is 25 % (at most 2 of 8)');
      expect(error.message).not.toMatch(/substance|mental/); // the household's categories are health data
    });

    it('records the override and its justification when the committee goes beyond the cap', () =>
      spec
        .given()
        .when(
          offer({
            concentration: concentration(2),
            concentrationOverride: { justification: ' Staff base across the street; the tenant asked to live near her sister. ' },
          }),
        )
        .thenMatches({
          type: 'DwellingOffered',
          data: {
            concentration: { building: { before: 2, after: 3, maxPercent: 25, exceeded: true } },
            concentrationOverride: { justification: 'Staff base across the street; the tenant asked to live near her sister.', exceeded: ['building'] },
          },
        }));

    it('refuses an override without a justification', () =>
      spec
        .given()
        .when(offer({ concentration: concentration(2), concentrationOverride: { justification: '  ' } }))
        .thenThrows('JUSTIFICATION_REQUIRED', 'concentrationOverride.justification'));

    it('records no override when the cap is not exceeded, so reports count only real overrides', () =>
      spec
        .given()
        .when(offer({ concentrationOverride: { justification: 'Just in case' } }))
        .thenMatches({ type: 'DwellingOffered', data: { concentrationOverride: null } }));

    it('does not apply the cap to a household in none of the capped categories', () =>
      spec
        .given()
        .when(offer({ application: { ...application, categories: ['refugee-settlement'] }, concentration: concentration(7) }))
        .thenMatches({ type: 'DwellingOffered', data: { concentration: null, concentrationOverride: null } }));

    it('applies the district cap the policy sets', () =>
      spec
        .given()
        .when(offer({ policy: { fit: DEFAULT_DWELLING_FIT_RULES, concentration: { ...DEFAULT_CONCENTRATION_CAP_POLICY, maxPercentPerDistrict: 2 } } }))
        .thenThrows('CONCENTRATION_CAP_EXCEEDED'));

    it('refuses counts taken for another building', () =>
      spec
        .given()
        .when(offer({ concentration: { ...concentration(), building: { buildingKey: 'elsewhere', dwellings: 8, inCappedCategories: 0 } } }))
        .thenThrows('COUNTS_FOR_ANOTHER_DWELLING', 'concentration.building.buildingKey'));
  });

  it('refuses an offer in a closed meeting', () =>
    spec.given().when(offer({ meeting: { meetingId: 'meeting-2025-04', heldOn: '2025-04-01', status: 'closed' } })).thenThrows('MEETING_NOT_OPEN'));

  it('refuses an offer sent before the meeting decided it', () =>
    spec.given().when(offer({ offeredOn: '2025-03-31' })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn'));

  describe("the offer's dates against the application's", () => {
    it('refuses an offer sent before the approval', () =>
      spec
        .given()
        .when(offer({ application: { ...application, approvedOn: '2025-04-03', validFrom: '2025-04-03' } }))
        .thenThrows('DATE_OUT_OF_ORDER', 'offeredOn'));

    it('refuses an offer decided in a meeting held before the approval, even when sent after it', () => {
      const approvedAfterMeeting = { ...application, approvedOn: '2025-04-02', validFrom: '2025-04-02' };
      spec.given().when(offer({ application: approvedAfterMeeting })).thenThrows('DATE_OUT_OF_ORDER', 'meeting.heldOn');
      expect(refusal([], offer({ application: approvedAfterMeeting })).message).toBe('meeting.heldOn: must not be before the approval (2025-04-02)');
    });

    it('offers in a meeting held on the day of the approval', () =>
      spec
        .given()
        .when(offer({ application: { ...application, approvedOn: '2025-04-01', validFrom: '2025-04-01' } }))
        .thenMatches({ type: 'DwellingOffered', data: { decidedOn: '2025-04-01' } }));

    it('refuses an offer before the renewal that started the current approval', () => {
      const renewed = { ...application, validFrom: '2025-04-05' };
      spec.given().when(offer({ offeredOn: '2025-04-04', answerBy: '2025-04-11', application: renewed })).thenThrows('DATE_OUT_OF_ORDER', 'offeredOn');
      expect(refusal([], offer({ offeredOn: '2025-04-04', answerBy: '2025-04-11', application: renewed })).message).toBe(
        'offeredOn: must not be before the renewal of the approval (2025-04-05)',
      );
    });

    it("refuses an offer sent before the household's return to the list after its last offer", () =>
      spec
        .given()
        .when(offer({ application: { ...application, returnedToListOn: '2025-04-03' } }))
        .thenThrows('DATE_OUT_OF_ORDER', 'offeredOn'));

    it('offers from the day the household came back to the list', () =>
      spec
        .given()
        .when(offer({ application: { ...application, returnedToListOn: '2025-04-02' } }))
        .thenMatches({ type: 'DwellingOffered', data: { offeredOn: '2025-04-02' } }));
  });

  it('refuses an answer deadline that is not after the offer', () =>
    spec.given().when(offer({ answerBy: '2025-04-02' })).thenThrows('DATE_OUT_OF_ORDER', 'answerBy'));

  it('requires the reasons for the allocation (forvaltningsloven § 24)', () =>
    spec.given().when(offer({ reasons: '' })).thenThrows('REASONS_REQUIRED', 'reasons'));

  it('requires the legal basis of the allocation', () =>
    spec.given().when(offer({ legalBasis: ' ' })).thenThrows('LEGAL_BASIS_REQUIRED', 'legalBasis'));

  it('refuses the same offer twice', () => spec.given(offered).when(offer()).thenThrows('OFFER_EXISTS'));
});

describe('AcceptOffer', () => {
  it('accepts within the answer period', () =>
    spec
      .given(offered)
      .when(accept())
      .then({ type: 'OfferAccepted', data: { offerId, applicationId: 'application-1', dwellingId: 'dwelling-9', acceptedOn: '2025-04-08', actor: 'caseworker-17' } }));

  it('accepts on the last day', () => spec.given(offered).when(accept({ acceptedOn: '2025-04-09' })).thenMatches({ type: 'OfferAccepted' }));

  it('refuses an acceptance after the answer deadline', () =>
    spec.given(offered).when(accept({ acceptedOn: '2025-04-10' })).thenThrows('ANSWER_DEADLINE_PASSED', 'acceptedOn'));

  it('refuses accepting a declined offer', () => spec.given(offered, declined).when(accept()).thenThrows('OFFER_CLOSED'));

  it('refuses accepting an offer that does not exist', () => spec.given().when(accept()).thenThrows('OFFER_NOT_FOUND', 'offerId'));
});

describe('DeclineOffer', () => {
  it('records the decline with its reason', () => spec.given(offered).when(decline()).then(declined));

  it('requires the reason', () => spec.given(offered).when(decline({ reason: '' })).thenThrows('FIELD_REQUIRED', 'reason'));

  it('records a decline that comes after the deadline as a decline', () =>
    spec.given(offered).when(decline({ declinedOn: '2025-04-12' })).thenMatches({ type: 'OfferDeclined', data: { declinedOn: '2025-04-12' } }));

  it('refuses a decline before the offer', () => spec.given(offered).when(decline({ declinedOn: '2025-04-01' })).thenThrows('DATE_OUT_OF_ORDER', 'declinedOn'));
});

describe('ExpireOffer', () => {
  it('expires an unanswered offer the day after the answer deadline', () =>
    spec
      .given(offered)
      .when(expire())
      .then({
        type: 'OfferExpired',
        data: { offerId, applicationId: 'application-1', dwellingId: 'dwelling-9', answerBy: '2025-04-09', expiredOn: '2025-04-10', recordedOn: '2025-04-10', actor: 'system' },
      }));

  it('dates the expiry the day after the deadline however late it is recorded', () =>
    spec.given(offered).when(expire({ recordedOn: '2025-05-02' })).thenMatches({ type: 'OfferExpired', data: { expiredOn: '2025-04-10', recordedOn: '2025-05-02' } }));

  it('refuses expiry before the deadline', () => spec.given(offered).when(expire({ recordedOn: '2025-04-05' })).thenThrows('ANSWER_DEADLINE_NOT_PASSED', 'expiredOn'));

  it('refuses expiry on the deadline itself: the household can still answer that day', () =>
    spec.given(offered).when(expire({ recordedOn: '2025-04-09' })).thenThrows('ANSWER_DEADLINE_NOT_PASSED'));

  it('refuses expiring an offer already answered', () => spec.given(offered, declined).when(expire()).thenThrows('OFFER_CLOSED'));
});
