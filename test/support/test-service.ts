import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadOrCreateDevelopmentKey, signDevelopmentToken } from '../../src/access/development-key.js';
import type { Role } from '../../src/access/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { startServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestService {
  url: string;
  /** The Nest application, for a provider a test drives directly (e.g. a scheduled job). */
  app: INestApplication;
  runtime: Runtime;
  db: TestDatabase;
  /** POSTs a GraphQL request with the service's default role's token (admin unless chosen otherwise). */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: any } }>;
  /** The same in another role, or with no token at all (null). */
  graphqlAs<T = any>(role: Role | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: any } }>;
  /** A token signed with the service's development key. */
  token(role: Role, subject?: string): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for a raw fetch (default admin). */
  authHeaders(role?: Role): Promise<Record<string, string>>;
  /** graphql-ws `connectionParams` carrying a token (default admin). */
  wsConnectionParams(role?: Role): () => Promise<Record<string, string>>;
  /** The service's log lines, when started with `captureLogs`. */
  logs: string[];
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /** The role `graphql()` calls in (default admin); null sends no token. */
  role?: Role | null;
  /** Extra environment for the configuration (e.g. RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string>;
  /** Keep the service's log lines (level info) in `logs`, for tests that check what is logged. */
  captureLogs?: boolean;
}

/**
 * The whole service over HTTP on a fresh database (PGlite, or a schema on TEST_DATABASE_URL), with a
 * development signing key in a temporary DATA_DIR. The rate limit is off unless `env` sets one.
 */
export async function startTestService(kind: 'pglite' | 'postgres', options: TestServiceOptions = {}): Promise<TestService> {
  const db = await createTestDatabase(kind, 2);
  const dataDir = await mkdtemp(join(tmpdir(), 'boligbok-test-service-'));
  const config = loadConfig({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PROJECTION_POLL_INTERVAL_MS: '20',
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '0',
    // Tests bring time in themselves: a nightly run during a test would expire its data under it.
    EXPIRY_SCHEDULE: 'off',
    ...options.env,
  });
  // TEST_LOG_LEVEL=error shows the service's log lines while a test is being debugged.
  const logs: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = options.captureLogs ? createLogger('info', capture) : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const runtime = await openRuntime(config, logger);
  const app: INestApplication = await startServer(runtime, 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Ready = the read models exist (a query before that would find no view).
  for (const deadline = Date.now() + 30_000; (await fetch(`${url}/health/ready`)).status !== 200; ) {
    if (Date.now() > deadline) throw new Error('the test service did not become ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  const key = await loadOrCreateDevelopmentKey(dataDir);
  const tokens = new Map<string, Promise<string>>();
  const token = (role: Role, subject = `test-${role}`) => {
    const k = `${role}/${subject}`;
    if (!tokens.has(k)) {
      tokens.set(k, signDevelopmentToken(key, { subject, role, issuer: config.auth.issuer, audience: config.auth.audience, roleClaim: config.auth.roleClaim, expiresIn: '2h' }));
    }
    return tokens.get(k)!;
  };
  const graphqlAs = async (role: Role | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const authorization: Record<string, string> = role ? { authorization: `Bearer ${await token(role)}` } : {};
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const defaultRole = options.role === undefined ? 'admin' : options.role;
  return {
    url,
    app,
    runtime,
    db,
    logs,
    graphql: (query, variables, headers) => graphqlAs(defaultRole, query, variables, headers),
    graphqlAs,
    token,
    authHeaders: async (role = 'admin') => ({ authorization: `Bearer ${await token(role)}` }),
    wsConnectionParams: (role = 'admin') => async () => ({ authorization: `Bearer ${await token(role)}` }),
    async stop() {
      await app.close();
      await runtime.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
