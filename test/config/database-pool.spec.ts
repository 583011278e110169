import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('database pool from the environment', () => {
  it('keeps an unused connection 300 s unless told otherwise, and 0 means until the service stops', () => {
    expect(loadConfig({}).databasePoolIdleSeconds).toBe(300);
    expect(loadConfig({ DATABASE_POOL_IDLE_SECONDS: '0' }).databasePoolIdleSeconds).toBe(0);
  });

  it('stops at start naming the variable when the value is not a number of seconds', () => {
    for (const raw of ['-1', '2.5', 'ten', '86401']) {
      expect(() => loadConfig({ DATABASE_POOL_IDLE_SECONDS: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ DATABASE_POOL_IDLE_SECONDS: raw })).toThrow(`DATABASE_POOL_IDLE_SECONDS must be a whole number from 0 to 86400 (got '${raw}')`);
    }
  });

  it('refuses a pool too small for the two lock connections the runners hold and the work beside them', () => {
    for (const raw of ['1', '2', '3']) {
      expect(() => loadConfig({ DATABASE_POOL_SIZE: raw })).toThrow(`DATABASE_POOL_SIZE must be a whole number from 4 to 200 (got '${raw}')`);
    }
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
  });

  describe('on a database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('pglite');
    });
    afterAll(async () => {
      await db.drop();
    });

    // The runner is not started, so nothing but this test uses the pool.
    const openConnectionsAfterAPause = async (idleSeconds: string) => {
      const runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DATABASE_POOL_IDLE_SECONDS: idleSeconds }), createLogger('silent'));
      try {
        await runtime.pool.query('SELECT 1');
        await sleep(1500);
        return runtime.pool.totalCount;
      } finally {
        await runtime.close();
      }
    };

    it('closes connections unused for DATABASE_POOL_IDLE_SECONDS and keeps them by default', async () => {
      expect(await openConnectionsAfterAPause('1')).toBe(0);
      expect(await openConnectionsAfterAPause('300')).toBeGreaterThan(0);
    });
  });
});
