import { addDays } from '../applications/calendar-arithmetic.js';
import type { BackgroundCategory } from '../applications/background-category.js';
import type { HousingNeeds } from '../applications/housing-needs.js';
import type { HousingSituation } from '../applications/housing-situation.js';
import type { Urgency } from '../applications/urgency.js';
import type { HouseholdInput } from '../applications/household.js';
import type { SeededRandom } from './seeded-random.js';

export interface GeneratedHousehold {
  household: HouseholdInput;
  housingSituation: HousingSituation;
  categories: BackgroundCategory[];
  refugeeArrivalDate: string | null;
  needs: HousingNeeds;
  urgency: Urgency;
}

/**
 * A household applying for a municipal dwelling, with pseudonymous person ids only (no names, no
 * national ids: the generator records no personal data). Shares are assumptions in the spirit of
 * the national strategy's categories; documented in README.md.
 */
export function generateHousehold(r: SeededRandom, newId: (kind: string) => string, on: string, districts: readonly string[]): GeneratedHousehold {
  const size = Number(r.weighted({ 1: 55, 2: 18, 3: 12, 4: 8, 5: 5, 6: 2 } as Record<string, number>));
  const memberIds = Array.from({ length: size - 1 }, () => newId('person'));
  const children = size === 1 ? 0 : r.chance(0.7) ? r.int(1, size - 1) : 0;
  const categories = new Set<BackgroundCategory>();
  const first = r.weighted({
    'economic-or-social-problems': 40,
    'substance-abuse-or-mental-illness': 25,
    'refugee-settlement': 15,
    disability: 12,
    elderly: 8,
  } as Record<BackgroundCategory, number>);
  categories.add(first);
  // Combined problems: a household in more than one category.
  if (r.chance(0.2)) categories.add(r.pick(['economic-or-social-problems', 'substance-abuse-or-mental-illness', 'disability'] as const));
  const refugee = categories.has('refugee-settlement');
  const disabled = categories.has('disability');
  const elderly = categories.has('elderly');
  const heavyNeeds = categories.has('substance-abuse-or-mental-illness');
  const preferred = r.chance(0.3) ? [r.pick(districts)] : [];
  const avoided = heavyNeeds && districts.length > 1 && r.chance(0.2) ? [r.pick(districts.filter((d) => !preferred.includes(d)))] : [];
  return {
    household: { applicantId: newId('person'), memberIds, children },
    housingSituation: r.weighted({ 'without-home': 45, 'at-risk-of-losing-home': 30, 'unsuitable-home': 25 }),
    categories: [...categories],
    refugeeArrivalDate: refugee ? addDays(on, -r.int(10, 4 * 365)) : null,
    needs: {
      minBedrooms: 0,
      wheelchairAccessible: disabled && r.chance(0.5),
      groundFloorOrLift: (disabled || elderly) && r.chance(0.6),
      careServicesNear: (elderly || heavyNeeds) && r.chance(0.3),
      preferredDistricts: preferred,
      avoidedDistricts: avoided,
    },
    urgency: r.weighted({ acute: 10, high: 25, normal: 65 }),
  };
}
