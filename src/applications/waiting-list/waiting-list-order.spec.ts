import { DomainError } from '../../shared-kernel/domain-error.js';
import type { WaitingListEntry } from './waiting-list-entry.js';
import { ordinal, orderWaitingList, waitingListPage, waitingListPositionOf } from './waiting-list-order.js';
import { DEFAULT_WAITING_LIST_RULES, type WaitingListRules } from './waiting-list-rules.js';

const entry = (applicationId: string, change: Partial<WaitingListEntry> = {}): WaitingListEntry => ({
  applicationId,
  urgency: 'normal',
  housingSituation: 'unsuitable-home',
  categories: [],
  household: { size: 1, children: 0 },
  needs: { wheelchairAccessible: false },
  waitingSince: '2025-01-01',
  ...change,
});

const rules = (change: Partial<WaitingListRules> = {}): WaitingListRules => ({ ...DEFAULT_WAITING_LIST_RULES, ...change });

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('waiting list order', () => {
  it('puts the most urgent first, then the longest on the list, and says why', () =>
    expect(
      orderWaitingList(
        [
          entry('a-3', { urgency: 'high', waitingSince: '2025-03-01' }),
          entry('a-1', { urgency: 'acute', waitingSince: '2025-05-01' }),
          entry('a-2', { urgency: 'high', waitingSince: '2025-02-01' }),
          entry('a-4', { urgency: 'normal', waitingSince: '2024-06-01' }),
        ],
        DEFAULT_WAITING_LIST_RULES,
      ),
    ).toEqual([
      { applicationId: 'a-1', position: 1, reason: '1st: urgency acute; on the list since 2025-05-01' },
      {
        applicationId: 'a-2',
        position: 2,
        reason: '2nd: urgency high; on the list since 2025-02-01 (after 1 household with acute urgency)',
      },
      {
        applicationId: 'a-3',
        position: 3,
        reason: '3rd: urgency high; on the list since 2025-03-01 (after 1 household with acute urgency, 1 household on the list since an earlier date)',
      },
      {
        applicationId: 'a-4',
        position: 4,
        reason: '4th: urgency normal; on the list since 2024-06-01 (after 1 household with acute urgency, 2 households with high urgency)',
      },
    ]));

  it('gives the example reason: 2nd with high urgency after one acute household', () =>
    expect(
      orderWaitingList([entry('a-1', { urgency: 'acute' }), entry('a-2', { urgency: 'high', waitingSince: '2025-03-01' })], DEFAULT_WAITING_LIST_RULES)[1]
        ?.reason,
    ).toBe('2nd: urgency high; on the list since 2025-03-01 (after 1 household with acute urgency)'));

  it('orders households equal on every rule by application id, whatever order they come in', () => {
    const a = entry('a-2');
    const b = entry('a-10');
    const c = entry('a-1');
    const forwards = orderWaitingList([a, b, c], DEFAULT_WAITING_LIST_RULES);
    const backwards = orderWaitingList([c, b, a], DEFAULT_WAITING_LIST_RULES);
    expect(forwards).toEqual(backwards);
    expect(forwards.map((p) => p.applicationId)).toEqual(['a-1', 'a-10', 'a-2']);
    expect(forwards[2]?.reason).toBe(
      '3rd: urgency normal; on the list since 2025-01-01 (after 2 households equal on every rule, with an earlier application id)',
    );
  });

  it('follows the configured order of rules: time on the list before urgency', () =>
    expect(
      orderWaitingList(
        [entry('a-1', { urgency: 'acute', waitingSince: '2025-05-01' }), entry('a-2', { urgency: 'normal', waitingSince: '2025-01-01' })],
        rules({ order: ['waitingSince', 'urgency'] }),
      ).map((p) => p.applicationId),
    ).toEqual(['a-2', 'a-1']));

  it('follows the configured ranks: high may rank with acute', () =>
    expect(
      orderWaitingList(
        [entry('a-1', { urgency: 'acute', waitingSince: '2025-05-01' }), entry('a-2', { urgency: 'high', waitingSince: '2025-01-01' })],
        rules({ urgencyRank: { acute: 0, high: 0, normal: 1 } }),
      ).map((p) => p.applicationId),
    ).toEqual(['a-2', 'a-1']));

  it('puts a household without a home before one at risk of losing its home, by the housing-situation rule', () =>
    expect(
      orderWaitingList(
        [entry('a-1', { housingSituation: 'at-risk-of-losing-home' }), entry('a-2', { housingSituation: 'without-home', waitingSince: '2025-06-01' })],
        rules({ order: ['housingSituation', 'waitingSince'] }),
      ),
    ).toEqual([
      { applicationId: 'a-2', position: 1, reason: '1st: without a home; on the list since 2025-06-01' },
      {
        applicationId: 'a-1',
        position: 2,
        reason: '2nd: at risk of losing its home; on the list since 2025-01-01 (after 1 household without a home)',
      },
    ]));

  it('puts a household in a prioritised category first without naming the category', () => {
    const list = orderWaitingList(
      [entry('a-1'), entry('a-2', { categories: ['substance-abuse-or-mental-illness'], waitingSince: '2025-02-01' })],
      rules({ order: ['priorityCategories', 'waitingSince'], priorityCategories: ['substance-abuse-or-mental-illness'] }),
    );
    expect(list.map((p) => p.applicationId)).toEqual(['a-2', 'a-1']);
    expect(list[1]?.reason).toBe('2nd: in no prioritised category; on the list since 2025-01-01 (after 1 household in a prioritised category)');
    expect(list.map((p) => p.reason).join(' ')).not.toMatch(/substance|mental/);
  });

  it('puts households with children first when the rules say so', () =>
    expect(
      orderWaitingList([entry('a-1'), entry('a-2', { household: { size: 3, children: 2 }, waitingSince: '2025-04-01' })], rules({ order: ['householdWithChildren', 'waitingSince'] }))
        .map((p) => p.applicationId),
    ).toEqual(['a-2', 'a-1']));

  it('puts households needing a wheelchair-accessible dwelling first on a list for adapted dwellings', () =>
    expect(
      orderWaitingList(
        [entry('a-1'), entry('a-2', { needs: { wheelchairAccessible: true }, waitingSince: '2025-04-01' })],
        rules({ order: ['adaptedDwellingNeed', 'urgency', 'waitingSince'] }),
      )[1]?.reason,
    ).toBe('2nd: needs no wheelchair-accessible dwelling; urgency normal; on the list since 2025-01-01 (after 1 household needing a wheelchair-accessible dwelling)'));

  it('gives an empty list for no households', () => expect(orderWaitingList([], DEFAULT_WAITING_LIST_RULES)).toEqual([]));

  it('refuses rules without any rule', () =>
    expect(refusal(() => orderWaitingList([], rules({ order: [] })))).toMatchObject({ code: 'FIELD_REQUIRED', field: 'rules.order' }));

  it('refuses an unknown rule', () =>
    expect(refusal(() => orderWaitingList([], rules({ order: ['age' as 'urgency'] })))).toMatchObject({ code: 'INVALID_OPTION', field: 'rules.order[0]' }));

  it('refuses a rule used twice', () =>
    expect(refusal(() => orderWaitingList([], rules({ order: ['urgency', 'urgency'] })))).toMatchObject({ code: 'DUPLICATE_RULE', field: 'rules.order[1]' }));

  it('refuses ranks that leave an urgency out', () =>
    expect(refusal(() => orderWaitingList([], rules({ urgencyRank: { acute: 0, high: 1 } as WaitingListRules['urgencyRank'] })))).toMatchObject({
      code: 'FIELD_OUT_OF_RANGE',
      field: 'rules.urgencyRank.normal',
    }));

  it('refuses the same application twice', () =>
    expect(refusal(() => orderWaitingList([entry('a-1'), entry('a-1')], DEFAULT_WAITING_LIST_RULES))).toMatchObject({
      code: 'DUPLICATE_APPLICATION',
      field: 'entries[1].applicationId',
    }));
});

describe('a page of the waiting list', () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    entry(`a-${String(i).padStart(2, '0')}`, { urgency: (['acute', 'high', 'normal'] as const)[i % 3], waitingSince: `2025-0${1 + (i % 9)}-10` }),
  );

  it('gives the same places and reasons as the whole list, for the households of the page only', () => {
    const whole = orderWaitingList(many, DEFAULT_WAITING_LIST_RULES);
    const page = waitingListPage(many, DEFAULT_WAITING_LIST_RULES, 10, 5);
    expect(page.total).toBe(30);
    expect(page.positions).toEqual(whole.slice(10, 15));
  });

  it("gives one household's place and reason as on the whole list", () => {
    const whole = orderWaitingList(many, DEFAULT_WAITING_LIST_RULES);
    expect(waitingListPositionOf(many, DEFAULT_WAITING_LIST_RULES, 'a-17')).toEqual(whole.find((p) => p.applicationId === 'a-17'));
    expect(waitingListPositionOf(many, DEFAULT_WAITING_LIST_RULES, 'a-99')).toBeNull();
  });
});

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [101, '101st'],
    [111, '111th'],
  ])('writes %i as %s', (n, text) => expect(ordinal(n)).toBe(text));
});
