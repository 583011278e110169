import { ValidationError } from '../shared-kernel/domain-error.js';
import { requireBoolean, requireInteger, requireText } from '../portfolio/dwelling/field-rules.js';

/**
 * What a dwelling must offer the household. `minBedrooms` is the caseworker's assessment; the
 * allocation also applies the configured rule for bedrooms by household size, and the stricter wins.
 * Districts are the municipality's own areas (bydel/område), as in the dwelling description.
 * An avoided district is a need (e.g. away from a drug milieu), a preferred one only a wish.
 */
export interface HousingNeeds {
  minBedrooms: number;
  wheelchairAccessible: boolean;
  groundFloorOrLift: boolean;
  careServicesNear: boolean;
  preferredDistricts: string[];
  avoidedDistricts: string[];
}

export function validateHousingNeeds(value: unknown, path = 'needs'): HousingNeeds {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const needs = value as Partial<Record<keyof HousingNeeds, unknown>>;
  const preferredDistricts = districts(needs.preferredDistricts, `${path}.preferredDistricts`);
  const avoidedDistricts = districts(needs.avoidedDistricts, `${path}.avoidedDistricts`);
  const both = preferredDistricts.find((d) => avoidedDistricts.includes(d));
  if (both !== undefined) {
    throw new ValidationError(`${path}.avoidedDistricts`, `must not also be preferred (${both})`, 'CONTRADICTORY_DISTRICTS');
  }
  return {
    minBedrooms: requireInteger(needs.minBedrooms, `${path}.minBedrooms`, 0, 10),
    wheelchairAccessible: requireBoolean(needs.wheelchairAccessible, `${path}.wheelchairAccessible`),
    groundFloorOrLift: requireBoolean(needs.groundFloorOrLift, `${path}.groundFloorOrLift`),
    careServicesNear: requireBoolean(needs.careServicesNear, `${path}.careServicesNear`),
    preferredDistricts,
    avoidedDistricts,
  };
}

/** A list of district names, each once (text trimmed); may be empty. */
function districts(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be a list of district names', 'INVALID_OPTION');
  const names = value.map((d, i) => requireText(d, `${field}[${i}]`));
  return [...new Set(names)];
}
