import { nameBasedUuid } from '../../shared-kernel/uuid.js';
import { formatMatrikkel, type Matrikkel } from '../dwelling/matrikkel.js';

/**
 * The dwelling id of a unit imported without one, the same on every import of the same unit, so
 * importing a file again finds the dwellings it registered the first time.
 *
 * The name of the unit is `boligbok:dwelling:<matrikkel text form>:<bruksenhetsnummer>`, e.g.
 * `boligbok:dwelling:1505-12/345/0/0:H0101` (the text form always has four numbers, 0 for a missing
 * festenummer or seksjonsnummer, so `12/345` and `12/345/0/0` name the same unit). The id is the
 * first 16 bytes of the name's SHA-256 laid out as a UUID version 8 (RFC 9562 § 5.8, the layout for
 * ids derived by a documented custom method): the high nibble of byte 6 is set to 8 (version) and
 * the two high bits of byte 8 to 10 (variant).
 */
export function unitDwellingId(matrikkel: Matrikkel, bruksenhetsnummer: string): string {
  return nameBasedUuid(unitName(matrikkel, bruksenhetsnummer));
}

/** What identifies a unit in the world: its property in the cadastre and its number in the building. */
export function unitName(matrikkel: Matrikkel, bruksenhetsnummer: string): string {
  return `boligbok:dwelling:${formatMatrikkel(matrikkel)}:${bruksenhetsnummer}`;
}
