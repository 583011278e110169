import { easterSunday, isWorkingDay, publicHolidays, thisOrNextWorkingDay } from './working-days.js';

describe('Norwegian working days', () => {
  it.each([
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, date) => expect(easterSunday(year)).toBe(date));

  it('has the twelve holidays and days of celebration of 2026', () =>
    expect(publicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-17',
      '2026-05-24',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]));

  it('counts Saturdays, Sundays and holidays out, Christmas Eve and Easter Saturday in as weekdays go', () => {
    expect(isWorkingDay('2026-12-04')).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06')).toBe(false); // Sunday
    expect(isWorkingDay('2025-12-24')).toBe(true); // julaften, a Wednesday
    expect(isWorkingDay('2025-04-18')).toBe(false); // langfredag
    expect(isWorkingDay('2025-05-01')).toBe(false); // 1. mai, a Thursday
  });

  it('keeps a working day and moves any other to the next working day', () => {
    expect(thisOrNextWorkingDay('2026-12-04')).toBe('2026-12-04');
    expect(thisOrNextWorkingDay('2026-12-05')).toBe('2026-12-07');
    expect(thisOrNextWorkingDay('2025-04-17')).toBe('2025-04-22'); // skjærtorsdag to the Tuesday after Easter
    expect(thisOrNextWorkingDay('2025-12-25')).toBe('2025-12-29');
  });
});
