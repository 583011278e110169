import { DWELLING_TYPES, type DwellingType } from '../portfolio/dwelling/dwelling-description.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { requireInteger, requireOneOf } from '../portfolio/dwelling/field-rules.js';
import type { ApplicationSnapshot } from './application-snapshot.js';
import type { DwellingSnapshot } from './dwelling-snapshot.js';

/**
 * "Right person in the right dwelling": whether a dwelling fits a household's needs. The rules are
 * policy (each municipality's allocation rules), passed in with the command.
 *
 * Bedrooms: the household needs the most of
 * - the caseworker's assessment (needs.minBedrooms);
 * - `minimumBySize[size - 1]` (beyond the table: its last value plus one bedroom per two more persons);
 * - with children and `childrenPerBedroom` set: one bedroom for the adults plus one per
 *   `childrenPerBedroom` children.
 * `maxSurplus`, when set, also refuses a dwelling with more than that many bedrooms beyond the need.
 *
 * Step-free access (needs.groundFloorOrLift): the dwelling is on one of `groundLevelFloors`, has a
 * lift, or is wheelchair-accessible (which implies step-free access).
 * Care services near: the dwelling is one of `careDwellingTypes`.
 * An avoided district is a need; a preferred one is only recorded.
 */
export interface DwellingFitRules {
  bedrooms: { minimumBySize: number[]; childrenPerBedroom: number | null; maxSurplus: number | null };
  groundLevelFloors: number[];
  careDwellingTypes: DwellingType[];
}

export const DEFAULT_DWELLING_FIT_RULES: DwellingFitRules = {
  bedrooms: { minimumBySize: [0, 1, 2, 2, 3, 3], childrenPerBedroom: 2, maxSurplus: null },
  groundLevelFloors: [1],
  careDwellingTypes: ['care-with-staff-base', 'care-near-base'],
};

export const MISFIT_CODES = [
  'TOO_FEW_BEDROOMS',
  'TOO_MANY_BEDROOMS',
  'NOT_WHEELCHAIR_ACCESSIBLE',
  'NO_STEP_FREE_ACCESS',
  'NO_CARE_SERVICES_NEAR',
  'DISTRICT_AVOIDED',
] as const;
export type MisfitCode = (typeof MISFIT_CODES)[number];

export interface Misfit {
  code: MisfitCode;
  sentence: string;
}

export interface FitAssessment {
  requiredBedrooms: number;
  dwellingBedrooms: number;
  inPreferredDistrict: boolean;
  misfits: Misfit[];
}

type Household = ApplicationSnapshot['household'];
type Needs = ApplicationSnapshot['needs'];

export function requiredBedrooms(household: Household, needs: Needs, rules: DwellingFitRules): number {
  const table = rules.bedrooms.minimumBySize;
  const last = table[table.length - 1] ?? 0;
  const bySize = household.size <= table.length ? (table[household.size - 1] ?? 0) : last + Math.ceil((household.size - table.length) / 2);
  const perChild = rules.bedrooms.childrenPerBedroom;
  const forChildren = household.children > 0 && perChild ? 1 + Math.ceil(household.children / perChild) : 0;
  return Math.max(needs.minBedrooms, bySize, forChildren);
}

/** Every way the dwelling does not fit, in the order of the rules; none when it fits. */
export function assessFit(application: ApplicationSnapshot, dwelling: DwellingSnapshot, rules: DwellingFitRules): FitAssessment {
  const { needs } = application;
  const required = requiredBedrooms(application.household, needs, rules);
  const misfits: Misfit[] = [];
  if (dwelling.bedrooms < required) {
    misfits.push({ code: 'TOO_FEW_BEDROOMS', sentence: `it has ${dwelling.bedrooms} bedrooms, and the household of ${application.household.size} needs ${required}` });
  }
  const maxSurplus = rules.bedrooms.maxSurplus;
  if (maxSurplus !== null && dwelling.bedrooms > required + maxSurplus) {
    misfits.push({
      code: 'TOO_MANY_BEDROOMS',
      sentence: `it has ${dwelling.bedrooms} bedrooms, more than the ${required} the household needs plus the ${maxSurplus} allowed beyond that`,
    });
  }
  if (needs.wheelchairAccessible && !dwelling.wheelchairAccessible) {
    misfits.push({ code: 'NOT_WHEELCHAIR_ACCESSIBLE', sentence: 'the household needs a wheelchair-accessible dwelling and it is not one' });
  }
  const stepFree = rules.groundLevelFloors.includes(dwelling.floor) || dwelling.hasLift === true || dwelling.wheelchairAccessible;
  if (needs.groundFloorOrLift && !stepFree) {
    misfits.push({
      code: 'NO_STEP_FREE_ACCESS',
      sentence: `the household needs a ground-level dwelling or a lift, and it is on floor ${dwelling.floor} with ${dwelling.hasLift === null ? 'no lift recorded' : 'no lift'}`,
    });
  }
  if (needs.careServicesNear && !rules.careDwellingTypes.includes(dwelling.dwellingType)) {
    misfits.push({ code: 'NO_CARE_SERVICES_NEAR', sentence: `the household needs care services near, and it is a dwelling of type '${dwelling.dwellingType}'` });
  }
  if (needs.avoidedDistricts.includes(dwelling.district)) {
    misfits.push({ code: 'DISTRICT_AVOIDED', sentence: `it is in ${dwelling.district}, a district the household is to avoid` });
  }
  return {
    requiredBedrooms: required,
    dwellingBedrooms: dwelling.bedrooms,
    inPreferredDistrict: needs.preferredDistricts.includes(dwelling.district),
    misfits,
  };
}

export function validateDwellingFitRules(value: unknown, path = 'policy.fit'): DwellingFitRules {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const rules = value as Partial<DwellingFitRules>;
  const bedrooms = rules.bedrooms as Partial<DwellingFitRules['bedrooms']> | undefined;
  if (typeof bedrooms !== 'object' || bedrooms === null) throw new ValidationError(`${path}.bedrooms`, 'is required', 'FIELD_REQUIRED');
  if (!Array.isArray(bedrooms.minimumBySize) || bedrooms.minimumBySize.length === 0) {
    throw new ValidationError(`${path}.bedrooms.minimumBySize`, 'must give the bedrooms for a household of 1, 2, … persons', 'FIELD_REQUIRED');
  }
  const minimumBySize = bedrooms.minimumBySize.map((n, i) => requireInteger(n, `${path}.bedrooms.minimumBySize[${i}]`, 0, 10));
  const nullable = (v: unknown, field: string, min: number) => (v === null || v === undefined ? null : requireInteger(v, field, min, 10));
  if (!Array.isArray(rules.groundLevelFloors)) throw new ValidationError(`${path}.groundLevelFloors`, 'must be a list of floors', 'FIELD_REQUIRED');
  if (!Array.isArray(rules.careDwellingTypes)) throw new ValidationError(`${path}.careDwellingTypes`, 'must be a list of dwelling types', 'FIELD_REQUIRED');
  return {
    bedrooms: {
      minimumBySize,
      childrenPerBedroom: nullable(bedrooms.childrenPerBedroom, `${path}.bedrooms.childrenPerBedroom`, 1),
      maxSurplus: nullable(bedrooms.maxSurplus, `${path}.bedrooms.maxSurplus`, 0),
    },
    groundLevelFloors: rules.groundLevelFloors.map((f, i) => requireInteger(f, `${path}.groundLevelFloors[${i}]`, -5, 60)),
    careDwellingTypes: rules.careDwellingTypes.map((t, i) => requireOneOf(t, `${path}.careDwellingTypes[${i}]`, DWELLING_TYPES)),
  };
}
