import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('reporting configuration from the environment', () => {
  it('defaults to 03:00 on 2 January, Oslo time, and the municipality from the register', () => {
    expect(loadConfig({}).reporting).toEqual({ municipalityNumber: undefined, reportSchedule: '0 3 2 1 *', reportTimezone: 'Europe/Oslo' });
    expect(loadConfig({}).expirySchedule).toBe('0 1 * * *');
  });

  it('turns the yearly report off with REPORT_SCHEDULE=off and takes a configured municipality', () => {
    expect(loadConfig({ REPORT_SCHEDULE: 'off', MUNICIPALITY_NUMBER: '0301' }).reporting).toMatchObject({ reportSchedule: null, municipalityNumber: '0301' });
  });

  it('turns the daily expiry job off with EXPIRY_SCHEDULE=off, or takes another time', () => {
    expect(loadConfig({ EXPIRY_SCHEDULE: 'off' }).expirySchedule).toBeNull();
    expect(loadConfig({ EXPIRY_SCHEDULE: '30 0 * * *' }).expirySchedule).toBe('30 0 * * *');
  });

  it('stops at start naming the variable when a value is wrong', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ REPORT_SCHEDULE: 'every january' })[0]).toMatch(/^REPORT_SCHEDULE must be a cron expression/);
    expect(problems({ MUNICIPALITY_NUMBER: '301' })[0]).toMatch(/^MUNICIPALITY_NUMBER must be a kommunenummer of 4 digits/);
    expect(problems({ REPORT_TIMEZONE: 'Mars/Olympus' })[0]).toMatch(/^REPORT_TIMEZONE must be an IANA time zone/);
    expect(problems({ EXPIRY_SCHEDULE: 'nightly' })[0]).toMatch(/^EXPIRY_SCHEDULE must be a cron expression \(e\.g\. '0 1 \* \* \*'\) or 'off'/);
  });
});
