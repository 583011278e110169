import type { ListDatePolicy } from './list-date-policy.js';
import { DEFAULT_WAITING_LIST_RULES, type WaitingListRules } from './waiting-list/waiting-list-rules.js';

/**
 * What each municipality configures about applications and the waiting list (policy, not code).
 * Deciders never read configuration: the handler takes the values from here and passes them in the
 * command, so each event records the rule that was applied (an auditor replays with the rule of the
 * day, not today's).
 *
 * Not configurable, because the law fixes it: the appeal period of 3 weeks from notification
 * (forvaltningsloven § 29, appeal-deadline.ts) and the duty to give reasons (§ 24).
 */
export interface ApplicationsPolicy {
  /** How long an approval stays valid without renewal, counted from approval or the last renewal. → ExpireApproval.validityMonths */
  approvalValidityMonths: number;
  /** → MarkOfferDeclinedOrExpired.listDatePolicy, by what happened to the offer. */
  listDateAfterDeclinedOffer: ListDatePolicy;
  listDateAfterExpiredOffer: ListDatePolicy;
  /** → RenewApproval.listDatePolicy for an approval renewed after it expired (a renewal before expiry keeps the date). */
  listDateAfterRenewalOfExpired: ListDatePolicy;
  /** → SubmitApplication.personalDataRules. Synthetic test numbers (month + 80): true in test and demo, false in production. */
  acceptSyntheticNationalIds: boolean;
  /** How the waiting list is ordered (waiting-list-order.ts). */
  waitingList: WaitingListRules;
}

/** Proposed defaults; every municipality should confirm them. */
export const DEFAULT_APPLICATIONS_POLICY: ApplicationsPolicy = {
  approvalValidityMonths: 12,
  listDateAfterDeclinedOffer: 'keep-original-date',
  listDateAfterExpiredOffer: 'keep-original-date',
  listDateAfterRenewalOfExpired: 'restart-date',
  acceptSyntheticNationalIds: false,
  waitingList: DEFAULT_WAITING_LIST_RULES,
};
