import { createHash } from 'node:crypto';
import type { DwellingDescription } from '../dwelling/dwelling-description.js';
import { formatMatrikkel } from '../dwelling/matrikkel.js';
import { unitName } from '../import-dwellings/unit-dwelling-id.js';

/** A unit in the world: its property in the cadastre (matrikkel number) and its number in the building. */
export type DwellingUnit = Pick<DwellingDescription, 'matrikkel' | 'bruksenhetsnummer'>;

/** The unit of a description, e.g. of a registration or of a dwelling's state. */
export function unitOf(d: DwellingUnit): DwellingUnit {
  return { matrikkel: d.matrikkel, bruksenhetsnummer: d.bruksenhetsnummer };
}

/** The unit's name (`boligbok:dwelling:1505-12/345/0/0:H0101`, as the opening-balance import derives ids from). */
export function dwellingUnitName(unit: DwellingUnit): string {
  return unitName(unit.matrikkel, unit.bruksenhetsnummer);
}

/** The unit as people write it: `1505-12/345/0/0 H0101`. */
export function dwellingUnitText(unit: DwellingUnit): string {
  return `${formatMatrikkel(unit.matrikkel)} ${unit.bruksenhetsnummer}`;
}

/**
 * The stream of a unit's claims: `dwellingunit-<SHA-256 of the unit's name, hex>` (category
 * 'dwellingunit', not in the change feed, which reads the category 'dwelling'). It holds one
 * DwellingUnitClaimed per dwelling that entered the portfolio as the unit since the claims began.
 */
export function dwellingUnitStreamId(unit: DwellingUnit): string {
  return `dwellingunit-${createHash('sha256').update(dwellingUnitName(unit), 'utf8').digest('hex')}`;
}
