import type { DwellingDescription } from './dwelling/dwelling-description.js';

/**
 * Dwellings at one matrikkel unit (gnr/bnr/fnr; sections are units of the same building) and one
 * street address form a building. The key is derived, so it needs no event of its own and follows
 * corrections of either part.
 */
export function buildingKey(d: Pick<DwellingDescription, 'matrikkel' | 'address'>): string {
  const m = d.matrikkel;
  const street = d.address.street.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${m.kommunenummer}-${m.gardsnummer}/${m.bruksnummer}/${m.festenummer ?? 0}|${street}`;
}
