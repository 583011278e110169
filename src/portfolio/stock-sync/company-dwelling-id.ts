import { createHash } from 'node:crypto';

/**
 * Our id of a dwelling the property company reports as new: derived from the company's reference,
 * so a retried NEW_DWELLING (in any batch, under any key) lands on the same dwelling, and the company
 * can compute the id itself. The id is the first 16 bytes of SHA-256('property-company:' + reference)
 * laid out as a UUID of version 8 (RFC 9562, custom), variant 10.
 */
export function companyDwellingId(reference: string): string {
  const bytes = createHash('sha256').update(`property-company:${reference}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
