import type { DomainError, ErrorCategory } from '../../shared-kernel/domain-error.js';
import { companyFacingReason } from './company-facing-reason.js';

export type StockChangeStatus = 'APPLIED' | 'DUPLICATE' | 'REJECTED';

/**
 * What became of one change of a batch. Stored as it is in the batch's outcome (positions as
 * decimal strings, so it is plain JSON) and returned unchanged on every retry. No personal data:
 * references, versions, our dwelling id, a rule's code and a sentence without applications or leases.
 */
export interface StockChangeResult {
  index: number;
  reference: string;
  version: number;
  dwellingId: string | null;
  status: StockChangeStatus;
  category: ErrorCategory | null;
  code: string | null;
  reason: string | null;
  field: string | null;
  position: string | null;
}

type Identity = Pick<StockChangeResult, 'index' | 'reference' | 'version' | 'dwellingId'>;

export function applied(identity: Identity, position: bigint): StockChangeResult {
  return { ...identity, status: 'APPLIED', category: null, code: null, reason: null, field: null, position: position.toString() };
}

export function duplicate(identity: Identity): StockChangeResult {
  return { ...identity, status: 'DUPLICATE', category: null, code: null, reason: null, field: null, position: null };
}

/** `field` is the field relative to the change (see fieldOfChange), if the refusal names one. */
export function rejected(identity: Identity, error: DomainError, field: string | undefined): StockChangeResult {
  return {
    ...identity,
    status: 'REJECTED',
    category: error.category,
    code: error.code,
    reason: companyFacingReason(error, identity.dwellingId),
    field: field ?? null,
    position: null,
  };
}
