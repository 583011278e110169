import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('reporting configuration from the environment', () => {
  it('defaults to 03:00 on 2 January, Oslo time, and the municipality from the register', () => {
    expect(loadConfig({}).reporting).toEqual({ municipalityNumber: undefined, reportSchedule: '0 3 2 1 *', reportTimezone: 'Europe/Oslo' });
  });

  it('turns the yearly report off with REPORT_SCHEDULE=off and takes a configured municipality', () => {
    expect(loadConfig({ REPORT_SCHEDULE: 'off', MUNICIPALITY_NUMBER: '0301' }).reporting).toMatchObject({ reportSchedule: null, municipalityNumber: '0301' });
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
  });
});
