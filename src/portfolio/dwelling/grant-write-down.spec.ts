import { outstandingGrant, totalOutstandingGrant } from './grant-write-down.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

const grant: RentalHousingGrant = { amount: 1_000_000, grantDate: '2015-06-15', writeDownYears: 30 };

describe('Husbanken rental-housing grant write-down', () => {
  it('writes nothing down before the first year is completed', () => {
    expect(outstandingGrant(grant, '2015-06-15')).toBe(1_000_000);
    expect(outstandingGrant(grant, '2016-06-14')).toBe(1_000_000);
  });

  it('counts the whole grant as outstanding before the grant date', () =>
    expect(outstandingGrant(grant, '2014-01-01')).toBe(1_000_000));

  it('writes down 1/30 on each anniversary of the grant date', () => {
    expect(outstandingGrant(grant, '2025-06-14')).toBe(700_000); // 9 completed years: 21/30 left
    expect(outstandingGrant(grant, '2025-06-15')).toBe(666_667); // 10 completed years: 20/30 left
  });

  it('rounds the outstanding part up to whole kroner, so a repayment is never short', () => {
    expect(outstandingGrant(grant, '2016-06-15')).toBe(966_667); // 966,666.67
    expect(outstandingGrant(grant, '2045-06-14')).toBe(33_334); // 33,333.33
  });

  it('keeps whole kroner exact when the amount divides evenly', () =>
    expect(outstandingGrant({ ...grant, amount: 900_000 }, '2025-06-15')).toBe(600_000));

  it('writes the grant down to nothing after 30 completed years (3.3 % a year would leave 1 %)', () => {
    expect(outstandingGrant(grant, '2045-06-15')).toBe(0);
    expect(outstandingGrant(grant, '2070-01-01')).toBe(0);
  });

  it('writes an older grant down over 20 years, 1/20 a year', () => {
    const older: RentalHousingGrant = { amount: 600_000, grantDate: '2005-03-01', writeDownYears: 20 };
    expect(outstandingGrant(older, '2015-02-28')).toBe(330_000);
    expect(outstandingGrant(older, '2015-03-01')).toBe(300_000);
    expect(outstandingGrant(older, '2025-03-01')).toBe(0);
  });

  it('completes the year of a grant given on 29 February on 1 March in a common year', () => {
    const leapDay: RentalHousingGrant = { amount: 300_000, grantDate: '2016-02-29', writeDownYears: 30 };
    expect(outstandingGrant(leapDay, '2017-02-28')).toBe(300_000);
    expect(outstandingGrant(leapDay, '2017-03-01')).toBe(290_000);
  });

  it('adds up what is outstanding on every grant of the dwelling', () => {
    const later: RentalHousingGrant = { amount: 300_000, grantDate: '2020-01-10', writeDownYears: 30 };
    expect(totalOutstandingGrant([grant, later], '2025-06-15')).toBe(666_667 + 250_000);
    expect(totalOutstandingGrant([], '2025-06-15')).toBe(0);
  });
});
