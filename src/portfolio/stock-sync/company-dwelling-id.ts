import { nameBasedUuid } from '../../shared-kernel/uuid.js';

/**
 * Our id of a dwelling the property company reports as new: derived from the company's reference,
 * so a retried NEW_DWELLING (in any batch, under any key) lands on the same dwelling, and the company
 * can compute the id itself. The id is the first 16 bytes of SHA-256('property-company:' + reference)
 * laid out as a UUID of version 8 (RFC 9562, custom), variant 10.
 */
export function companyDwellingId(reference: string): string {
  return nameBasedUuid(`property-company:${reference}`);
}
