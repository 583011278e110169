import { appealDeadline, APPEAL_PERIOD_DAYS } from './appeal-deadline.js';

describe('appeal deadline (forvaltningsloven § 29)', () => {
  it('is 3 weeks, fixed by law', () => expect(APPEAL_PERIOD_DAYS).toBe(21));
  it('runs across a month end: notified 2025-01-20, last day 2025-02-10', () => expect(appealDeadline('2025-01-20')).toBe('2025-02-10'));
  it('runs across February in a leap year', () => expect(appealDeadline('2024-02-15')).toBe('2024-03-07'));
  it('runs across a year end', () => expect(appealDeadline('2025-12-19')).toBe('2026-01-09'));
  it('ends on a weekday even when notified on a Saturday or Sunday', () => {
    expect(appealDeadline('2025-01-25')).toBe('2025-02-17'); // three weeks end on Saturday 15 February
    expect(appealDeadline('2025-01-26')).toBe('2025-02-17'); // on Sunday 16 February
  });
  it('runs past Easter: three weeks ending on skjærtorsdag end on the Tuesday after Easter', () =>
    expect(appealDeadline('2025-03-27')).toBe('2025-04-22'));
  it('runs past 17 May that is also Whit Monday (2027)', () => expect(appealDeadline('2027-04-26')).toBe('2027-05-18'));
  it('runs past Christmas, but not past Christmas Eve, an ordinary day in law', () => {
    expect(appealDeadline('2025-12-04')).toBe('2025-12-29');
    expect(appealDeadline('2025-12-03')).toBe('2025-12-24');
  });
});
