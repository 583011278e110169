/**
 * A uuid as PostgreSQL writes it (lower case, hyphenated 8-4-4-4-12), for keying rows in memory by
 * an id taken from an event. Callers may give ids in upper case (isUuid accepts either), and
 * PostgreSQL matches `lease_id = 'ABC…'` against the stored 'abc…'; the in-memory lookup must too.
 * Braces and missing hyphens, which PostgreSQL also reads, are normalised the same way; anything
 * else is returned as it is (the write will then fail as the SQL would).
 */
export function uuidKey(value: string): string {
  const hex = value.replace(/^\{(.*)\}$/, '$1').replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return value;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key of an id field of an event: null when the event has none (the SQL compared NULL and matched no row). */
export function idKey(value: unknown): string | null {
  return value === null || value === undefined ? null : uuidKey(String(value));
}
