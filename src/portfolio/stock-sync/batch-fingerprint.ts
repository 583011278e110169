import { createHash } from 'node:crypto';
import type { PushStockChangesInput } from './stock-change.input.js';

/**
 * A hash of a batch's content, to tell a retry (same key, same content) from a key reused for
 * another batch. The input is written as JSON with object keys sorted and null or absent fields
 * left out, so a field sent as null and the same field left out count as the same batch; the order
 * of the changes counts.
 */
export function batchFingerprint(input: PushStockChangesInput): string {
  return createHash('sha256').update(canonicalJson(input), 'utf8').digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
