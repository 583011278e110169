import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireKroner, requireText } from './field-rules.js';

/**
 * Why a dwelling is to be sold. Selling off dwellings of poor quality is an explicit strategy, so
 * the reason is a choice that can be counted, with a note for the rest.
 */
export const DISPOSAL_REASONS = ['poor-condition', 'unsuitable-for-target-group', 'portfolio-restructuring', 'other'] as const;
export type DisposalReason = (typeof DISPOSAL_REASONS)[number];

/** Who buys: anyone on the open market, the tenant living in it ("fra leie til eie"), or another public body. */
export const BUYERS = ['open-market', 'sitting-tenant', 'other-public-body'] as const;
export type Buyer = (typeof BUYERS)[number];

/**
 * On sale, the part of Husbanken's rental-housing grant not yet written down must be repaid,
 * unless Husbanken consents otherwise (e.g. the grant moves to a replacement dwelling).
 */
export type GrantSettlement = { repaid: number } | { husbankenConsentReference: string };

export function validateGrantSettlement(settlement: GrantSettlement, path = 'grantSettlement'): GrantSettlement {
  if (typeof settlement !== 'object' || settlement === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const hasRepaid = 'repaid' in settlement;
  const hasConsent = 'husbankenConsentReference' in settlement;
  if (hasRepaid === hasConsent) {
    throw new ValidationError(
      path,
      "must give either the amount repaid to Husbanken ('repaid') or Husbanken's consent reference ('husbankenConsentReference'), not both",
      'INVALID_GRANT_SETTLEMENT',
    );
  }
  return hasRepaid
    ? { repaid: requireKroner(settlement.repaid, `${path}.repaid`) }
    : { husbankenConsentReference: requireText(settlement.husbankenConsentReference, `${path}.husbankenConsentReference`) };
}
