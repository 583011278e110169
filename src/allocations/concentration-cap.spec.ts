import { DomainError } from '../shared-kernel/domain-error.js';
import {
  assessConcentration,
  DEFAULT_CONCENTRATION_CAP_POLICY,
  describeBreach,
  exceededScopes,
  validateConcentrationCounts,
  type ConcentrationCapPolicy,
  type ConcentrationCounts,
} from './concentration-cap.js';

const policy: ConcentrationCapPolicy = {
  categories: ['substance-abuse-or-mental-illness'],
  maxPercentPerBuilding: 25,
  maxPercentPerDistrict: 10,
  minimumDwellingsInBuilding: 4,
};
const counts = (building: number, district: number, dwellings = 8, districtDwellings = 100): ConcentrationCounts => ({
  building: { buildingKey: 'b-1', dwellings, inCappedCategories: building },
  district: { district: 'Østbyen', dwellings: districtDwellings, inCappedCategories: district },
});
const capped = ['substance-abuse-or-mental-illness'] as const;

describe('concentration cap', () => {
  it('allows an allocation that reaches the cap exactly: 2 of 8 against 25 %', () =>
    expect(exceededScopes(assessConcentration(capped, counts(1, 0), policy))).toEqual([]));

  it('refuses one over the cap: 3 of 8 against 25 %', () =>
    expect(exceededScopes(assessConcentration(capped, counts(2, 0), policy)).map((s) => s.scope)).toEqual(['building']));

  it('caps the district too: 10 of 100 at 10 % is at the cap, 11 is over', () => {
    expect(exceededScopes(assessConcentration(capped, counts(0, 9), policy))).toEqual([]);
    expect(exceededScopes(assessConcentration(capped, counts(0, 10), policy)).map((s) => s.scope)).toEqual(['district']);
  });

  it('does not count a household in none of the capped categories', () => {
    expect(assessConcentration(['refugee-settlement'], counts(7, 99), policy)).toBeNull();
    expect(assessConcentration([], counts(7, 99), policy)).toBeNull();
  });

  it('counts a household in any of the capped categories', () =>
    expect(
      exceededScopes(assessConcentration(['disability'], counts(2, 0), { ...policy, categories: ['substance-abuse-or-mental-illness', 'disability'] })),
    ).toHaveLength(1));

  it('leaves small buildings out of the building cap: one household in a small house is no concentration', () =>
    expect(exceededScopes(assessConcentration(capped, counts(0, 0, 3), policy))).toEqual([]));

  it('has no cap where the policy sets none', () =>
    expect(exceededScopes(assessConcentration(capped, counts(7, 99), { ...policy, maxPercentPerBuilding: null, maxPercentPerDistrict: null }))).toEqual([]));

  it('records the numbers before and after', () =>
    expect(assessConcentration(capped, counts(2, 4), policy)).toEqual({
      cappedCategories: ['substance-abuse-or-mental-illness'],
      building: { scope: 'building', key: 'b-1', dwellings: 8, before: 2, after: 3, maxPercent: 25, exceeded: true },
      district: { scope: 'district', key: 'Østbyen', dwellings: 100, before: 4, after: 5, maxPercent: 10, exceeded: false },
    }));

  it('describes a breach with the numbers', () => {
    const [breach] = exceededScopes(assessConcentration(capped, counts(2, 0), policy));
    expect(describeBreach(breach!)).toBe(
      '3 of 8 dwellings (38 %) in building b-1 would be let to households in the capped categories; the cap is 25 % (at most 2 of 8)',
    );
  });

  it('proposes a quarter per building as the default, with no district cap', () =>
    expect(DEFAULT_CONCENTRATION_CAP_POLICY).toMatchObject({ maxPercentPerBuilding: 25, maxPercentPerDistrict: null }));

  it('refuses counts for another building than the dwelling offered', () => {
    let error: unknown;
    try {
      validateConcentrationCounts(counts(0, 0), 'b-2', 'Østbyen');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'COUNTS_FOR_ANOTHER_DWELLING', field: 'concentration.building.buildingKey' });
  });

  it('refuses counts where every dwelling is already let: the offered one is available', () =>
    expect(() => validateConcentrationCounts(counts(8, 0), 'b-1', 'Østbyen')).toThrow(/inCappedCategories: must be a whole number from 0 to 7/));
});
