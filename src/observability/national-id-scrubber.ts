/**
 * Finds Norwegian national ids (fødselsnummer, D-number, synthetic test numbers) in free text: 11
 * digits (optionally 6 + space + 5) whose first six are a plausible date and whose two mod-11 check
 * digits hold. Other 11-digit numbers (log positions, amounts) are left alone.
 */
const CANDIDATE = /(?<!\d)(\d{6})[ ]?(\d{5})(?!\d)/g;
const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function looksLikeNationalId(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  // D-numbers add 4 to the first digit; synthetic and H-numbers add 40 or 80 to the month.
  const plausibleDay = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  const plausibleMonth = [0, 40, 50, 60, 80].some((offset) => month - offset >= 1 && month - offset <= 12);
  if (!plausibleDay || !plausibleMonth) return false;
  const check = (weights: number[]) => {
    const r = 11 - (weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = check(W1);
  if (k1 === 10 || k1 !== d[9]) return false;
  const k2 = check(W2);
  return k2 !== 10 && k2 === d[10];
}

export function scrubNationalIds(text: string): string {
  return text.replace(CANDIDATE, (match, a: string, b: string) => (looksLikeNationalId(a + b) ? '[national-id]' : match));
}

/** Scrubs every string in a log object (bounded depth; objects are copied, never changed in place). */
export function scrubObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubNationalIds(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1));
  if (value instanceof Error) {
    // A copy with the same prototype, so the log's error serializer still names its class.
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    Object.assign(copy, scrubObject({ ...value }, depth + 1));
    Object.defineProperty(copy, 'message', { value: scrubNationalIds(value.message), enumerable: false });
    Object.defineProperty(copy, 'stack', { value: value.stack ? scrubNationalIds(value.stack) : undefined, enumerable: false });
    return copy;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubObject(v, depth + 1);
  return out;
}
