import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { startServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestService {
  url: string;
  runtime: Runtime;
  db: TestDatabase;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: any } }>;
  stop(): Promise<void>;
}

/** The whole service over HTTP on a fresh database (PGlite, or a schema on TEST_DATABASE_URL). */
export async function startTestService(kind: 'pglite' | 'postgres'): Promise<TestService> {
  const db = await createTestDatabase(kind, 2);
  const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20', NODE_ENV: 'test' });
  const runtime = await openRuntime(config, createLogger('silent'));
  const app: INestApplication = await startServer(runtime, 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    runtime,
    db,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    async stop() {
      await app.close();
      await runtime.close();
      await db.drop();
    },
  };
}
