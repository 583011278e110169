import { completedYears, isCalendarDate } from './calendar-date.js';

describe('calendar date', () => {
  it.each(['2025-06-15', '2024-02-29', '2000-02-29', '2025-12-31'])('accepts the calendar date %s', (value) =>
    expect(isCalendarDate(value)).toBe(true));

  it.each(['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-6-15', '15.06.2025', '2025-06-15T00:00'])(
    'refuses %s, which is no calendar date written YYYY-MM-DD',
    (value) => expect(isCalendarDate(value)).toBe(false),
  );
});

describe('completed years', () => {
  it('completes a year on the anniversary, not the day before', () => {
    expect(completedYears('2015-06-15', '2025-06-14')).toBe(9);
    expect(completedYears('2015-06-15', '2025-06-15')).toBe(10);
  });

  it('completes the year of a 29 February on 1 March in a common year', () => {
    expect(completedYears('2016-02-29', '2017-02-28')).toBe(0);
    expect(completedYears('2016-02-29', '2017-03-01')).toBe(1);
    expect(completedYears('2016-02-29', '2020-02-29')).toBe(4);
  });

  it('counts no years before the start', () => expect(completedYears('2015-06-15', '2014-01-01')).toBe(0));
});
