import { ValidationError } from '../../shared-kernel/domain-error.js';
import { BACKGROUND_CATEGORIES, type BackgroundCategory } from '../background-category.js';
import { HOUSING_SITUATIONS, type HousingSituation } from '../housing-situation.js';
import { URGENCIES, type Urgency } from '../urgency.js';
import { requireInteger, requireOneOf } from '../../portfolio/dwelling/field-rules.js';

/**
 * The documented, configurable rules that order the waiting list (policy: each municipality sets
 * them in its allocation rules, "tildelingsregler"). Households are compared rule by rule in
 * `order`; the first rule that tells two households apart decides. When no rule does, the
 * application id decides, so the order never depends on how the list was read.
 *
 * The rules, each putting first:
 * - 'urgency': the lower `urgencyRank` (default acute 0, high 1, normal 2);
 * - 'housingSituation': the lower `housingSituationRank` (default without a home first);
 * - 'priorityCategories': a household in any of `priorityCategories` (e.g. refugees the
 *   municipality has agreed to settle this year);
 * - 'householdWithChildren': a household with children;
 * - 'adaptedDwellingNeed': a household that needs a wheelchair-accessible dwelling (for lists of
 *   adapted dwellings);
 * - 'waitingSince': the earlier list date (on the list longer).
 */
export const WAITING_LIST_CRITERIA = [
  'urgency',
  'housingSituation',
  'priorityCategories',
  'householdWithChildren',
  'adaptedDwellingNeed',
  'waitingSince',
] as const;
export type WaitingListCriterion = (typeof WAITING_LIST_CRITERIA)[number];

export interface WaitingListRules {
  order: WaitingListCriterion[];
  urgencyRank: Record<Urgency, number>;
  housingSituationRank: Record<HousingSituation, number>;
  priorityCategories: BackgroundCategory[];
}

/** Proposed default: the most urgent first, then the longest on the list. */
export const DEFAULT_WAITING_LIST_RULES: WaitingListRules = {
  order: ['urgency', 'waitingSince'],
  urgencyRank: { acute: 0, high: 1, normal: 2 },
  housingSituationRank: { 'without-home': 0, 'at-risk-of-losing-home': 1, 'unsuitable-home': 2 },
  priorityCategories: [],
};

/** Checks configured rules: at least one rule, each known and used once, a rank for every value. */
export function validateWaitingListRules(value: unknown, path = 'rules'): WaitingListRules {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const rules = value as Partial<Record<keyof WaitingListRules, unknown>>;
  if (!Array.isArray(rules.order) || rules.order.length === 0) {
    throw new ValidationError(`${path}.order`, 'must list at least one rule', 'FIELD_REQUIRED');
  }
  const order = rules.order.map((c, i) => requireOneOf(c, `${path}.order[${i}]`, WAITING_LIST_CRITERIA));
  order.forEach((c, i) => {
    if (order.indexOf(c) !== i) throw new ValidationError(`${path}.order[${i}]`, `uses the rule '${c}' twice`, 'DUPLICATE_RULE');
  });
  return {
    order,
    urgencyRank: ranks(rules.urgencyRank, `${path}.urgencyRank`, URGENCIES),
    housingSituationRank: ranks(rules.housingSituationRank, `${path}.housingSituationRank`, HOUSING_SITUATIONS),
    priorityCategories: categories(rules.priorityCategories, `${path}.priorityCategories`),
  };
}

function ranks<K extends string>(value: unknown, path: string, keys: readonly K[]): Record<K, number> {
  if (typeof value !== 'object' || value === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const given = value as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, requireInteger(given[k], `${path}.${k}`, 0, 99)])) as Record<K, number>;
}

function categories(value: unknown, path: string): BackgroundCategory[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(path, 'must be a list of background categories', 'INVALID_OPTION');
  return value.map((c, i) => requireOneOf(c, `${path}[${i}]`, BACKGROUND_CATEGORIES));
}
