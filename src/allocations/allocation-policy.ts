import { DEFAULT_CONCENTRATION_CAP_POLICY, type ConcentrationCapPolicy } from './concentration-cap.js';
import { DEFAULT_DWELLING_FIT_RULES, type DwellingFitRules } from './dwelling-fit.js';

/**
 * What each municipality configures about allocation (policy, not code). The handler passes these
 * values in each command, and the events record what was applied.
 */
export interface AllocationPolicy {
  fit: DwellingFitRules; // → OfferDwelling.policy.fit
  concentration: ConcentrationCapPolicy; // → OfferDwelling.policy.concentration
  /** → ConveneMeeting.minimumMembers: an interdisciplinary committee needs more than one voice. */
  minimumCommitteeMembers: number;
  /** Days the household has to answer; the handler computes answerBy = offeredOn + answerDays. */
  answerDays: number;
}

/** Proposed defaults, for each municipality to confirm. */
export const DEFAULT_ALLOCATION_POLICY: AllocationPolicy = {
  fit: DEFAULT_DWELLING_FIT_RULES,
  concentration: DEFAULT_CONCENTRATION_CAP_POLICY,
  minimumCommitteeMembers: 3,
  answerDays: 7,
};
