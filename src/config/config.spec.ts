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
