import { ValidationError } from '../../shared-kernel/domain-error.js';
import { optionalId, requireId, requireOneOf } from '../../portfolio/dwelling/field-rules.js';
import { requireReasons } from '../../applications/enkeltvedtak.js';

/**
 * One line of the committee's minutes:
 * - 'offer': the committee offered a dwelling; the offer (offer/) holds the reasons and the checks;
 * - 'no-offer': the committee considered a household (for a dwelling, or in general) and made no
 *   offer, with its reasons, so an auditor can also see why a household did not get a dwelling.
 */
export type CommitteeDecision =
  | { kind: 'offer'; offerId: string; applicationId: string; dwellingId: string }
  | { kind: 'no-offer'; applicationId: string; dwellingId: string | null; reasons: string };

export const COMMITTEE_DECISION_KINDS = ['offer', 'no-offer'] as const;

export function validateCommitteeDecision(value: unknown, path = 'decision'): CommitteeDecision {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const d = value as Record<string, unknown>;
  const kind = requireOneOf(d.kind, `${path}.kind`, COMMITTEE_DECISION_KINDS);
  const applicationId = requireId(d.applicationId, `${path}.applicationId`);
  if (kind === 'offer') {
    return { kind, offerId: requireId(d.offerId, `${path}.offerId`), applicationId, dwellingId: requireId(d.dwellingId, `${path}.dwellingId`) };
  }
  return {
    kind,
    applicationId,
    dwellingId: optionalId(d.dwellingId, `${path}.dwellingId`),
    reasons: requireReasons(d.reasons, `${path}.reasons`),
  };
}
