import { EventHistory } from '../../src/audit/history/event-history.js';
import { causeLinks } from '../../src/audit/history/cause-links.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * A runtime with its projections running on a database of its own, and the event history over it,
 * opened before the describe block's tests and closed after them. Read `runtime` and `history` in the tests.
 */
export function historyRuntime(kind: Parameters<typeof createTestDatabase>[0]): { readonly runtime: Runtime; readonly history: EventHistory } {
  let db: TestDatabase;
  const opened = {} as { runtime: Runtime; history: EventHistory };
  beforeAll(async () => {
    db = await createTestDatabase(kind, 4);
    opened.runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20', REPORT_SCHEDULE: 'off' }), createLogger('silent'));
    await opened.runtime.runner.start();
    opened.history = new EventHistory(opened.runtime.pool, opened.runtime.store, causeLinks);
  }, 60_000);
  afterAll(async () => {
    await opened.runtime.close();
    await db.drop();
  });
  return opened;
}
