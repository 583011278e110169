import { createHash } from 'node:crypto';
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
  const bytes = createHash('sha256').update(unitName(matrikkel, bruksenhetsnummer), 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What identifies a unit in the world: its property in the cadastre and its number in the building. */
export function unitName(matrikkel: Matrikkel, bruksenhetsnummer: string): string {
  return `boligbok:dwelling:${formatMatrikkel(matrikkel)}:${bruksenhetsnummer}`;
}
