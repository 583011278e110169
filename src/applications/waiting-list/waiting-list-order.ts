import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate } from '../../portfolio/dwelling/calendar-date.js';
import { requireId } from '../../portfolio/dwelling/field-rules.js';
import type { HousingSituation } from '../housing-situation.js';
import type { WaitingListEntry } from './waiting-list-entry.js';
import { validateWaitingListRules, type WaitingListCriterion, type WaitingListRules } from './waiting-list-rules.js';

/** A household's place on the list and why, in words a caseworker can read out to the household. */
export interface WaitingListPosition {
  applicationId: string;
  position: number; // 1 for the first
  reason: string; // e.g. '2nd: urgency high; on the list since 2025-03-01 (after 1 household with acute urgency)'
}

/**
 * Orders the waiting list by the configured rules (waiting-list-rules.ts). Pure: the same entries
 * and rules give the same list, whatever order the entries come in; households equal on every rule
 * are ordered by application id.
 *
 * The reason names the household's value for each rule, and, for the households ahead of it, the
 * rule that put each of them ahead. It never names a background category, since some are health data.
 */
export function orderWaitingList(entries: readonly WaitingListEntry[], rules: WaitingListRules): WaitingListPosition[] {
  return waitingListPage(entries, rules, 0, entries.length).positions;
}

/**
 * The same order, with places and reasons only for `count` households from index `from` (0 for
 * the first). A reason looks at every household ahead, so giving it for the whole list costs the
 * square of its length; a page costs the length times the page size.
 */
export function waitingListPage(
  entries: readonly WaitingListEntry[],
  rules: WaitingListRules,
  from: number,
  count: number,
): { positions: WaitingListPosition[]; total: number } {
  return pageOfOrderedWaitingList(orderedWaitingList(entries, rules), from, count);
}

/** The list sorted by the rules, before places and reasons: kept, it answers any page without sorting again. */
export interface OrderedWaitingList {
  readonly ordered: readonly WaitingListEntry[];
  readonly rules: WaitingListRules;
}

export function orderedWaitingList(entries: readonly WaitingListEntry[], rules: WaitingListRules): OrderedWaitingList {
  const { ordered, checked } = sorted(entries, rules);
  return { ordered, rules: checked };
}

/** Places and reasons for `count` households from index `from` of a sorted list (as `waitingListPage`). */
export function pageOfOrderedWaitingList(list: OrderedWaitingList, from: number, count: number): { positions: WaitingListPosition[]; total: number } {
  const { ordered, rules } = list;
  const positions = ordered.slice(from, from + count).map((entry, i) => ({
    applicationId: entry.applicationId,
    position: from + i + 1,
    reason: reasonFor(entry, from + i + 1, ordered.slice(0, from + i), rules),
  }));
  return { positions, total: ordered.length };
}

/** One household's place and reason; null when it is not on the list. */
export function waitingListPositionOf(entries: readonly WaitingListEntry[], rules: WaitingListRules, applicationId: string): WaitingListPosition | null {
  const { ordered, checked } = sorted(entries, rules);
  const index = ordered.findIndex((e) => e.applicationId === applicationId);
  if (index === -1) return null;
  return { applicationId, position: index + 1, reason: reasonFor(ordered[index]!, index + 1, ordered.slice(0, index), checked) };
}

function sorted(entries: readonly WaitingListEntry[], rules: WaitingListRules): { ordered: WaitingListEntry[]; checked: WaitingListRules } {
  const checked = validateWaitingListRules(rules);
  validateEntries(entries);
  const compare = (a: WaitingListEntry, b: WaitingListEntry) => {
    const decisive = decisiveCriterion(a, b, checked);
    return decisive ? compareBy(decisive, a, b, checked) : a.applicationId < b.applicationId ? -1 : 1;
  };
  return { ordered: [...entries].sort(compare), checked };
}

function validateEntries(entries: readonly WaitingListEntry[]): void {
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const id = requireId(entry.applicationId, `entries[${i}].applicationId`);
    if (seen.has(id)) throw new ValidationError(`entries[${i}].applicationId`, `lists application ${id} twice`, 'DUPLICATE_APPLICATION');
    seen.add(id);
    requireCalendarDate(entry.waitingSince, `entries[${i}].waitingSince`);
  });
}

/** The first rule in the configured order that tells the two apart; null when none does. */
function decisiveCriterion(a: WaitingListEntry, b: WaitingListEntry, rules: WaitingListRules): WaitingListCriterion | null {
  return rules.order.find((criterion) => compareBy(criterion, a, b, rules) !== 0) ?? null;
}

/** Negative when `a` comes first by this rule alone. */
function compareBy(criterion: WaitingListCriterion, a: WaitingListEntry, b: WaitingListEntry, rules: WaitingListRules): number {
  if (criterion === 'waitingSince') return a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : 0;
  return rank(criterion, a, rules) - rank(criterion, b, rules);
}

/** Lower ranks go first. */
function rank(criterion: Exclude<WaitingListCriterion, 'waitingSince'>, e: WaitingListEntry, rules: WaitingListRules): number {
  switch (criterion) {
    case 'urgency':
      return rules.urgencyRank[e.urgency];
    case 'housingSituation':
      return rules.housingSituationRank[e.housingSituation];
    case 'priorityCategories':
      return inPriorityCategory(e, rules) ? 0 : 1;
    case 'householdWithChildren':
      return e.household.children > 0 ? 0 : 1;
    case 'adaptedDwellingNeed':
      return e.needs.wheelchairAccessible ? 0 : 1;
  }
}

function inPriorityCategory(e: WaitingListEntry, rules: WaitingListRules): boolean {
  return e.categories.some((c) => rules.priorityCategories.includes(c));
}

function reasonFor(entry: WaitingListEntry, position: number, ahead: readonly WaitingListEntry[], rules: WaitingListRules): string {
  const values = rules.order.map((criterion) => valuePhrase(criterion, entry, rules));
  const groups = new Map<string, { sortKey: number[]; count: number; phrase: (n: number) => string }>();
  for (const other of ahead) {
    const criterion = decisiveCriterion(other, entry, rules);
    const group = aheadGroup(criterion, other, rules);
    const known = groups.get(group.key);
    if (known) known.count += 1;
    else groups.set(group.key, { sortKey: group.sortKey, count: 1, phrase: group.phrase });
  }
  const after = [...groups.values()]
    .sort((x, y) => x.sortKey[0]! - y.sortKey[0]! || x.sortKey[1]! - y.sortKey[1]!)
    .map((g) => g.phrase(g.count));
  return `${ordinal(position)}: ${values.join('; ')}${after.length > 0 ? ` (after ${after.join(', ')})` : ''}`;
}

function valuePhrase(criterion: WaitingListCriterion, e: WaitingListEntry, rules: WaitingListRules): string {
  switch (criterion) {
    case 'urgency':
      return `urgency ${e.urgency}`;
    case 'housingSituation':
      return SITUATION[e.housingSituation][0];
    case 'priorityCategories':
      return inPriorityCategory(e, rules) ? 'in a prioritised category' : 'in no prioritised category';
    case 'householdWithChildren':
      return e.household.children > 0 ? 'with children' : 'without children';
    case 'adaptedDwellingNeed':
      return e.needs.wheelchairAccessible ? 'needs a wheelchair-accessible dwelling' : 'needs no wheelchair-accessible dwelling';
    case 'waitingSince':
      return `on the list since ${e.waitingSince}`;
  }
}

/** How a household ahead is counted: by the rule that put it ahead (and, for ranked values, its value). */
function aheadGroup(
  criterion: WaitingListCriterion | null,
  other: WaitingListEntry,
  rules: WaitingListRules,
): { key: string; sortKey: [number, number]; phrase: (n: number) => string } {
  const at = criterion === null ? rules.order.length : rules.order.indexOf(criterion);
  switch (criterion) {
    case 'urgency':
      return { key: `urgency:${other.urgency}`, sortKey: [at, rules.urgencyRank[other.urgency]], phrase: (n) => `${households(n)} with ${other.urgency} urgency` };
    case 'housingSituation': {
      const s = other.housingSituation;
      return { key: `situation:${s}`, sortKey: [at, rules.housingSituationRank[s]], phrase: (n) => `${households(n)} ${SITUATION[s][n === 1 ? 0 : 1]}` };
    }
    case 'priorityCategories':
      return { key: 'priority', sortKey: [at, 0], phrase: (n) => `${households(n)} in a prioritised category` };
    case 'householdWithChildren':
      return { key: 'children', sortKey: [at, 0], phrase: (n) => `${households(n)} with children` };
    case 'adaptedDwellingNeed':
      return { key: 'adapted', sortKey: [at, 0], phrase: (n) => `${households(n)} needing a wheelchair-accessible dwelling` };
    case 'waitingSince':
      return { key: 'waitingSince', sortKey: [at, 0], phrase: (n) => `${households(n)} on the list since an earlier date` };
    case null:
      return { key: 'tie', sortKey: [at, 0], phrase: (n) => `${households(n)} equal on every rule, with an earlier application id` };
  }
}

/** Each situation in the singular and the plural. */
const SITUATION: Record<HousingSituation, [string, string]> = {
  'without-home': ['without a home', 'without a home'],
  'at-risk-of-losing-home': ['at risk of losing its home', 'at risk of losing their homes'],
  'unsuitable-home': ['in an unsuitable home', 'in unsuitable homes'],
};

function households(n: number): string {
  return n === 1 ? '1 household' : `${n} households`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
