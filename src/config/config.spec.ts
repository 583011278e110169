import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('runs on the embedded database with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './data', nodeEnv: 'development' });
  });

  it('names the variable and what it accepts when a value is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT must be a whole number from 1 to 65535 \(got 'abc'\)/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of fatal, error/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\//);
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: '0', PROJECTION_BATCH_SIZE: '-1' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('never shows a password from a connection string', () => {
    expect(() => loadConfig({ DATABASE_URL: 'http://user:secret@host/db' })).toThrow(/user:\*\*\*@/);
  });

  it('requires a real database in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL is required when NODE_ENV=production/);
  });
});

describe('applications and allocation policy from the environment', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config.applications).toMatchObject({ approvalValidityMonths: 12, acceptSyntheticNationalIds: true, waitingList: { order: ['urgency', 'waitingSince'] } });
    expect(config.allocation).toMatchObject({ answerDays: 7, minimumCommitteeMembers: 3, concentration: { maxPercentPerBuilding: 25, maxPercentPerDistrict: null } });
  });

  it('reads the waiting-list rules, the cap and the fit rules', () => {
    const config = loadConfig({
      WAITING_LIST_ORDER: 'housingSituation,waitingSince',
      WAITING_LIST_URGENCY_RANK: 'acute:0,high:0,normal:1',
      CONCENTRATION_CAP_DISTRICT_PERCENT: '10',
      CONCENTRATION_CAP_BUILDING_PERCENT: 'none',
      FIT_BEDROOMS_BY_HOUSEHOLD_SIZE: '1,1,2',
      OFFER_ANSWER_DAYS: '14',
    });
    expect(config.applications.waitingList.order).toEqual(['housingSituation', 'waitingSince']);
    expect(config.applications.waitingList.urgencyRank).toEqual({ acute: 0, high: 0, normal: 1 });
    expect(config.allocation.concentration).toMatchObject({ maxPercentPerDistrict: 10, maxPercentPerBuilding: null });
    expect(config.allocation.fit.bedrooms.minimumBySize).toEqual([1, 1, 2]);
    expect(config.allocation.answerDays).toBe(14);
  });

  it('refuses synthetic national ids in production unless told otherwise', () =>
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'boligbok' }).applications.acceptSyntheticNationalIds).toBe(false));

  it('names each wrong policy variable', () => {
    try {
      loadConfig({ WAITING_LIST_ORDER: 'age', CONCENTRATION_CAP_CATEGORIES: 'refugee', WAITING_LIST_URGENCY_RANK: 'acute:0', OFFER_ANSWER_DAYS: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['WAITING_LIST_ORDER', 'CONCENTRATION_CAP_CATEGORIES', 'WAITING_LIST_URGENCY_RANK', 'OFFER_ANSWER_DAYS']) expect(problems).toContain(name);
    }
  });
});
