import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate } from './calendar-date.js';
import { requireKroner, requireOneOf, requireText } from './field-rules.js';

/**
 * On sale, the part of Husbanken's rental-housing grant not yet written down must be repaid
 * (grant-write-down.ts computes it), unless Husbanken consents in writing to something else
 * (e.g. the grant moves to a replacement dwelling).
 */
export const GRANT_SETTLEMENT_KINDS = ['repayment', 'husbanken-consent'] as const;

/** What the caseworker records with the sale. */
export type GrantSettlementInput = GrantRepaymentInput | HusbankenConsent;

/**
 * The grant is repaid. `amount` null means the computed outstanding amount; any other amount
 * (e.g. the figure in Husbanken's own claim) needs a justification.
 */
export interface GrantRepaymentInput {
  kind: 'repayment';
  amount: number | null; // whole NOK
  overrideJustification: string | null;
}

/** Husbanken has agreed in writing that the grant need not be repaid (in full) on this sale. */
export interface HusbankenConsent {
  kind: 'husbanken-consent';
  consentReference: string; // Husbanken's reference of the letter
  consentDate: string; // YYYY-MM-DD
}

/** What the sale event records: the repayment beside the amount computed on the sale date, or the consent. */
export type GrantSettlement = GrantRepayment | HusbankenConsent;

export interface GrantRepayment {
  kind: 'repayment';
  computedAmount: number; // the grant outstanding on the sale date, whole NOK
  amount: number; // what is repaid, whole NOK
  overrideJustification: string | null; // set when amount differs from computedAmount
}

/**
 * Checks the fields of a settlement on their own; whether the amount needs a justification depends
 * on the dwelling's grants and is decided with the sale. A blank justification counts as none.
 */
export function validateGrantSettlementInput(settlement: GrantSettlementInput, path = 'grantSettlement'): GrantSettlementInput {
  if (typeof settlement !== 'object' || settlement === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const kind = requireOneOf(settlement.kind, `${path}.kind`, GRANT_SETTLEMENT_KINDS);
  if (kind === 'repayment') {
    const repayment = settlement as GrantRepaymentInput;
    const justification = repayment.overrideJustification;
    return {
      kind,
      amount: repayment.amount === null || repayment.amount === undefined ? null : requireKroner(repayment.amount, `${path}.amount`),
      overrideJustification: typeof justification === 'string' && justification.trim() !== '' ? justification.trim() : null,
    };
  }
  const consent = settlement as HusbankenConsent;
  return {
    kind,
    consentReference: requireText(consent.consentReference, `${path}.consentReference`),
    consentDate: requireCalendarDate(consent.consentDate, `${path}.consentDate`),
  };
}
