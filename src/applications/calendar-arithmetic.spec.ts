import { addDays, addMonths, daysBetween, lastDayOfTerm } from './calendar-arithmetic.js';

describe('adding days', () => {
  it('crosses a month end', () => expect(addDays('2025-01-20', 21)).toBe('2025-02-10'));
  it('crosses a year end', () => expect(addDays('2025-12-20', 21)).toBe('2026-01-10'));
  it('counts 29 February in a leap year', () => expect(addDays('2024-02-20', 21)).toBe('2024-03-12'));
  it('is not shifted by the change to summer time', () => expect(addDays('2025-03-29', 1)).toBe('2025-03-30'));
});

describe('adding months', () => {
  it('keeps the day of the month', () => expect(addMonths('2025-03-15', 12)).toBe('2026-03-15'));
  it('ends on the last day of a shorter month', () => expect(addMonths('2025-01-31', 1)).toBe('2025-02-28'));
  it('ends on 29 February in a leap year', () => expect(addMonths('2024-01-29', 1)).toBe('2024-02-29'));
  it('turns 29 February into 28 February a year later', () => expect(addMonths('2024-02-29', 12)).toBe('2025-02-28'));
  it('crosses years', () => expect(addMonths('2025-11-30', 3)).toBe('2026-02-28'));
});

describe('days between', () => {
  it('is 0 on the same day', () => expect(daysBetween('2025-05-01', '2025-05-01')).toBe(0));
  it('counts a leap year as 366 days', () => expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366));
  it('is negative backwards', () => expect(daysBetween('2025-05-02', '2025-05-01')).toBe(-1));
});

describe('the last day of a term', () => {
  it('is the day before the same date: 3 years from 1 January 2027 run to 31 December 2029', () => expect(lastDayOfTerm('2027-01-01', 36)).toBe('2029-12-31'));
  it('keeps a month end: from 1 October, one month runs to 31 October', () => expect(lastDayOfTerm('2027-10-01', 1)).toBe('2027-10-31'));
  it('runs to the end of a month without the date: from 29 February 2028, 3 years run to 28 February 2031', () => expect(lastDayOfTerm('2028-02-29', 36)).toBe('2031-02-28'));
  it('from 1 March 2027, one year runs to 29 February 2028', () => expect(lastDayOfTerm('2027-03-01', 12)).toBe('2028-02-29'));
});
