import { appealDeadline, APPEAL_PERIOD_DAYS } from './appeal-deadline.js';

describe('appeal deadline (forvaltningsloven § 29)', () => {
  it('is 3 weeks, fixed by law', () => expect(APPEAL_PERIOD_DAYS).toBe(21));
  it('runs across a month end: notified 2025-01-20, last day 2025-02-10', () => expect(appealDeadline('2025-01-20')).toBe('2025-02-10'));
  it('runs across February in a leap year', () => expect(appealDeadline('2024-02-15')).toBe('2024-03-07'));
  it('runs across a year end', () => expect(appealDeadline('2025-12-19')).toBe('2026-01-09'));
});
