import { ValidationError } from '../shared-kernel/domain-error.js';
import { requireInteger, requireOneOf, requireText } from '../portfolio/dwelling/field-rules.js';
import { BACKGROUND_CATEGORIES, type BackgroundCategory } from '../applications/background-category.js';

/**
 * Concentration rule from the seeds: "Oppsamling av mange personer med ulike sosiale- og
 * helsemessige belastninger/behov … forsterker ofte problemene" (gathering many people with heavy
 * needs in one place often makes the problems worse). A configurable cap on the share of dwellings
 * in one building, and in one district, let to households in given background categories.
 *
 * The share is counted after the allocation: the dwellings already let (or offered) to households
 * in any capped category, plus this one when the household is in a capped category. Exactly at the
 * cap is allowed; one over is refused unless the committee records an override with a justification.
 * A household in no capped category never breaks the cap. Shares are whole percentages compared
 * in whole numbers, so 2 of 8 against 25 % is exactly at the cap, never a rounding error.
 *
 * What `dwellings` counts (the municipality's dwellings there, or every unit in the building) is
 * the handler's choice, made once in configuration: see the report's open questions.
 */
export interface ConcentrationCapPolicy {
  categories: BackgroundCategory[];
  maxPercentPerBuilding: number | null; // null: no cap per building
  maxPercentPerDistrict: number | null; // null: no cap per district
  /** The building cap applies to buildings with at least this many dwellings: one household in a small house is no concentration. */
  minimumDwellingsInBuilding: number;
}

/** Proposed default, for each municipality to confirm: a quarter per building, no district cap. */
export const DEFAULT_CONCENTRATION_CAP_POLICY: ConcentrationCapPolicy = {
  categories: ['substance-abuse-or-mental-illness'],
  maxPercentPerBuilding: 25,
  maxPercentPerDistrict: null,
  minimumDwellingsInBuilding: 4,
};

/** Counted by the handler from the read models; the dwelling offered is available, so not among `inCappedCategories`. */
export interface ConcentrationCounts {
  building: { buildingKey: string; dwellings: number; inCappedCategories: number };
  district: { district: string; dwellings: number; inCappedCategories: number };
}

export interface ConcentrationScope {
  scope: 'building' | 'district';
  key: string; // the building key or the district
  dwellings: number;
  before: number; // let or offered to households in capped categories before this allocation
  after: number;
  maxPercent: number | null; // null: no cap applies here
  exceeded: boolean;
}

/** What the offer event records about the cap, so reports and audits see the numbers. */
export interface ConcentrationAssessment {
  cappedCategories: BackgroundCategory[];
  building: ConcentrationScope;
  district: ConcentrationScope;
}

/** Null when the household is in none of the capped categories: the allocation adds nothing to the concentration. */
export function assessConcentration(
  householdCategories: readonly BackgroundCategory[],
  counts: ConcentrationCounts,
  policy: ConcentrationCapPolicy,
): ConcentrationAssessment | null {
  if (!householdCategories.some((c) => policy.categories.includes(c))) return null;
  const buildingCap = counts.building.dwellings >= policy.minimumDwellingsInBuilding ? policy.maxPercentPerBuilding : null;
  return {
    cappedCategories: policy.categories,
    building: scope('building', counts.building.buildingKey, counts.building, buildingCap),
    district: scope('district', counts.district.district, counts.district, policy.maxPercentPerDistrict),
  };
}

function scope(
  kind: 'building' | 'district',
  key: string,
  count: { dwellings: number; inCappedCategories: number },
  maxPercent: number | null,
): ConcentrationScope {
  const after = count.inCappedCategories + 1;
  return {
    scope: kind,
    key,
    dwellings: count.dwellings,
    before: count.inCappedCategories,
    after,
    maxPercent,
    exceeded: maxPercent !== null && after * 100 > maxPercent * count.dwellings,
  };
}

/** The scopes whose cap the allocation would break. */
export function exceededScopes(assessment: ConcentrationAssessment | null): ConcentrationScope[] {
  return assessment ? [assessment.building, assessment.district].filter((s) => s.exceeded) : [];
}

/** One scope's breach in words, with the numbers: "3 of 8 dwellings (38 %) in building …; the cap is 25 % (at most 2 of 8)". */
export function describeBreach(s: ConcentrationScope): string {
  const percent = Math.round((s.after * 100) / s.dwellings);
  const allowed = Math.floor(((s.maxPercent ?? 0) * s.dwellings) / 100);
  const where = s.scope === 'building' ? `building ${s.key}` : `district ${s.key}`;
  return `${s.after} of ${s.dwellings} dwellings (${percent} %) in ${where} would be let to households in the capped categories; the cap is ${s.maxPercent} % (at most ${allowed} of ${s.dwellings})`;
}

export function validateConcentrationCapPolicy(value: unknown, path = 'policy.concentration'): ConcentrationCapPolicy {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const p = value as Partial<Record<keyof ConcentrationCapPolicy, unknown>>;
  if (!Array.isArray(p.categories)) throw new ValidationError(`${path}.categories`, 'must be a list of background categories', 'FIELD_REQUIRED');
  const percent = (v: unknown, field: string) => (v === null || v === undefined ? null : requireInteger(v, field, 0, 100));
  return {
    categories: p.categories.map((c, i) => requireOneOf(c, `${path}.categories[${i}]`, BACKGROUND_CATEGORIES)),
    maxPercentPerBuilding: percent(p.maxPercentPerBuilding, `${path}.maxPercentPerBuilding`),
    maxPercentPerDistrict: percent(p.maxPercentPerDistrict, `${path}.maxPercentPerDistrict`),
    minimumDwellingsInBuilding: requireInteger(p.minimumDwellingsInBuilding, `${path}.minimumDwellingsInBuilding`, 1, 1000),
  };
}

/** Counts that fit together and belong to the dwelling offered. */
export function validateConcentrationCounts(value: unknown, buildingKey: string, district: string, path = 'concentration'): ConcentrationCounts {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const c = value as Partial<ConcentrationCounts>;
  const building = count(c.building, `${path}.building`);
  const inDistrict = count(c.district, `${path}.district`);
  const key = requireText(c.building?.buildingKey, `${path}.building.buildingKey`);
  const name = requireText(c.district?.district, `${path}.district.district`);
  if (key !== buildingKey) throw new ValidationError(`${path}.building.buildingKey`, "must be the offered dwelling's building", 'COUNTS_FOR_ANOTHER_DWELLING');
  if (name !== district) throw new ValidationError(`${path}.district.district`, "must be the offered dwelling's district", 'COUNTS_FOR_ANOTHER_DWELLING');
  return { building: { buildingKey: key, ...building }, district: { district: name, ...inDistrict } };
}

function count(value: unknown, path: string): { dwellings: number; inCappedCategories: number } {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const v = value as { dwellings?: unknown; inCappedCategories?: unknown };
  const dwellings = requireInteger(v.dwellings, `${path}.dwellings`, 1, 1_000_000);
  // The dwelling offered is available, so at most all the others are let to capped households.
  const inCappedCategories = requireInteger(v.inCappedCategories, `${path}.inCappedCategories`, 0, dwellings - 1);
  return { dwellings, inCappedCategories };
}
