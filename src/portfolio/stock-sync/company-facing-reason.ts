import type { DomainError } from '../../shared-kernel/domain-error.js';
import { UnitInPortfolioError } from '../dwelling/dwelling.errors.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Refusals whose caseworker sentence names an application or a lease (dwelling.errors.ts): the
 * property company gets the same rule in a sentence without them.
 */
const SENTENCES: Record<string, (dwelling: string) => string> = {
  DWELLING_RESERVED: (d) => `Dwelling ${d} is reserved for an applicant, which does not allow this change now. Send it again when the reservation has ended.`,
  DWELLING_LET: (d) => `Dwelling ${d} is let, which does not allow this change now. Send it again when the tenant has moved out.`,
  RESERVED_FOR_ANOTHER_APPLICATION: (d) => `Dwelling ${d} is reserved for another application.`,
  LET_UNDER_ANOTHER_LEASE: (d) => `Dwelling ${d} is let under another lease.`,
};

/**
 * The sentence of a refusal as told to the property company: it is returned to the company and
 * stored in the batch outcome, so it must carry no application, lease or person. Known sentences
 * that name them are replaced; as a second guard, any UUID other than the dwelling's own is withheld,
 * except the dwelling a unit already is in the portfolio (a dwelling id, as published in the feed).
 */
export function companyFacingReason(error: DomainError, dwellingId: string | null): string {
  const sentence = SENTENCES[error.code];
  const dwelling = dwellingId ?? 'this dwelling';
  if (sentence) return sentence(dwelling);
  const shown = new Set([dwellingId, error instanceof UnitInPortfolioError ? error.existingDwellingId : null].filter((id) => id !== null));
  return error.message.replace(UUID, (id) => (shown.has(id.toLowerCase()) ? id : '(withheld)'));
}
