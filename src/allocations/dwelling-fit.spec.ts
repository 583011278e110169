import type { ApplicationSnapshot } from './application-snapshot.js';
import { assessFit, DEFAULT_DWELLING_FIT_RULES, requiredBedrooms, type DwellingFitRules } from './dwelling-fit.js';
import type { DwellingSnapshot } from './dwelling-snapshot.js';

const needs: ApplicationSnapshot['needs'] = {
  minBedrooms: 0,
  wheelchairAccessible: false,
  groundFloorOrLift: false,
  careServicesNear: false,
  preferredDistricts: [],
  avoidedDistricts: [],
};
const application = (change: { household?: Partial<ApplicationSnapshot['household']>; needs?: Partial<ApplicationSnapshot['needs']> } = {}): ApplicationSnapshot => ({
  applicationId: 'application-1',
  status: 'approved',
  approvedOn: '2025-01-15',
  validFrom: '2025-01-15',
  returnedToListOn: null,
  household: { applicantId: 'person-a', memberIds: [], size: 1, children: 0, ...change.household },
  needs: { ...needs, ...change.needs },
  categories: [],
});
const dwelling = (change: Partial<DwellingSnapshot> = {}): DwellingSnapshot => ({
  dwellingId: 'dwelling-9',
  status: 'available',
  bedrooms: 2,
  wheelchairAccessible: false,
  floor: 3,
  hasLift: false,
  dwellingType: 'ordinary',
  district: 'Østbyen',
  buildingKey: '5001-405/112/0|innherredsveien 12',
  ...change,
});
const rules = DEFAULT_DWELLING_FIT_RULES;
const codes = (a: ApplicationSnapshot, d: DwellingSnapshot, r: DwellingFitRules = rules) => assessFit(a, d, r).misfits.map((m) => m.code);

describe('bedrooms the household needs', () => {
  it.each([
    ['a single person, who may live in a studio', 1, 0, 0],
    ['a couple', 2, 0, 1],
    ['a parent with a child: a bedroom for the adult and one for the child', 2, 1, 2],
    ['a couple with 3 children: children share two to a room', 5, 3, 3],
    ['3 adults', 3, 0, 2],
    ['8 persons: beyond the table, one more bedroom per two more persons', 8, 0, 4],
  ])('%s', (_who, size, children, bedrooms) =>
    expect(requiredBedrooms({ applicantId: 'p', memberIds: [], size, children }, needs, rules)).toBe(bedrooms));

  it("uses the caseworker's assessment when it asks for more", () =>
    expect(requiredBedrooms({ applicantId: 'p', memberIds: [], size: 1, children: 0 }, { ...needs, minBedrooms: 1 }, rules)).toBe(1));

  it('follows the configured table', () =>
    expect(
      requiredBedrooms({ applicantId: 'p', memberIds: [], size: 1, children: 0 }, needs, { ...rules, bedrooms: { minimumBySize: [1], childrenPerBedroom: null, maxSurplus: null } }),
    ).toBe(1));
});

describe('dwelling fit', () => {
  it('fits when every need is met, and records the preferred district', () =>
    expect(assessFit(application({ needs: { preferredDistricts: ['Østbyen'] } }), dwelling(), rules)).toEqual({
      requiredBedrooms: 0,
      dwellingBedrooms: 2,
      inPreferredDistrict: true,
      misfits: [],
    }));

  it('does not fit with too few bedrooms for the household', () =>
    expect(codes(application({ household: { size: 4, children: 3 } }), dwelling())).toEqual(['TOO_FEW_BEDROOMS']));

  it('does not fit with too many bedrooms, when the rules cap the surplus', () => {
    const capped = { ...rules, bedrooms: { ...rules.bedrooms, maxSurplus: 1 } };
    expect(codes(application(), dwelling({ bedrooms: 1 }), capped)).toEqual([]);
    expect(codes(application(), dwelling({ bedrooms: 2 }), capped)).toEqual(['TOO_MANY_BEDROOMS']);
  });

  it('does not fit a household needing a wheelchair-accessible dwelling into one that is not', () =>
    expect(codes(application({ needs: { wheelchairAccessible: true } }), dwelling({ floor: 1 }))).toEqual(['NOT_WHEELCHAIR_ACCESSIBLE']));

  it('gives step-free access on the ground floor, with a lift, or in a wheelchair-accessible dwelling', () => {
    const needsStepFree = application({ needs: { groundFloorOrLift: true } });
    expect(codes(needsStepFree, dwelling({ floor: 3, hasLift: false }))).toEqual(['NO_STEP_FREE_ACCESS']);
    expect(codes(needsStepFree, dwelling({ floor: 3, hasLift: null }))).toEqual(['NO_STEP_FREE_ACCESS']);
    expect(codes(needsStepFree, dwelling({ floor: 1 }))).toEqual([]);
    expect(codes(needsStepFree, dwelling({ floor: 3, hasLift: true }))).toEqual([]);
    expect(codes(needsStepFree, dwelling({ floor: 3, wheelchairAccessible: true }))).toEqual([]);
  });

  it('gives care services near only in the configured care dwelling types', () => {
    const needsCare = application({ needs: { careServicesNear: true } });
    expect(codes(needsCare, dwelling())).toEqual(['NO_CARE_SERVICES_NEAR']);
    expect(codes(needsCare, dwelling({ dwellingType: 'care-near-base' }))).toEqual([]);
  });

  it('does not fit in a district the household is to avoid', () =>
    expect(codes(application({ needs: { avoidedDistricts: ['Østbyen'] } }), dwelling())).toEqual(['DISTRICT_AVOIDED']));

  it('lists every misfit, in the order of the rules', () =>
    expect(
      codes(application({ household: { size: 3, children: 2 }, needs: { wheelchairAccessible: true, groundFloorOrLift: true, avoidedDistricts: ['Østbyen'] } }), dwelling({ bedrooms: 1 })),
    ).toEqual(['TOO_FEW_BEDROOMS', 'NOT_WHEELCHAIR_ACCESSIBLE', 'NO_STEP_FREE_ACCESS', 'DISTRICT_AVOIDED']));
});
