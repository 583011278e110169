/**
 * Runs the shared event store contract against the KurrentDB adapter.
 *
 * Where the server comes from, in order:
 * 1. KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false, see docker-compose.yml);
 * 2. a throwaway container started with testcontainers when a Docker engine is reachable
 *    (image: KURRENTDB_IMAGE, default docker.kurrent.io/kurrent-latest/kurrentdb:latest);
 * 3. otherwise the suite is skipped, visibly: one skipped test and a console warning saying so.
 *
 * Every test gets its own store with a random stream prefix, so tests share one server without
 * seeing each other's events (the adapter filters $all to its prefix).
 */
import { randomUUID } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import { describeEventStoreContract } from './event-store.contract.js';

const SKIP_MESSAGE = 'KurrentDB contract tests SKIPPED: set KURRENTDB_CONNECTION_STRING or run a Docker engine';
const IMAGE = process.env.KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';
const KURRENTDB_PORT = 2113;
const DOCKER_PROBE_TIMEOUT_MS = 2000;

type Target = { kind: 'connection-string'; connectionString: string } | { kind: 'docker' } | { kind: 'none' };

type Testcontainers = typeof import('testcontainers');

/** testcontainers is CommonJS; depending on the loader its exports arrive as named or as default. */
async function loadTestcontainers(): Promise<Testcontainers> {
  const module = (await import('testcontainers')) as Testcontainers & { default?: Testcontainers };
  return typeof module.GenericContainer === 'function' ? module : (module.default ?? module);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function dockerIsReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await loadTestcontainers();
    // Resolves only once a runtime strategy has answered a ping; fails fast when there is none.
    await withTimeout(getContainerRuntimeClient(), DOCKER_PROBE_TIMEOUT_MS, 'Docker probe');
    return true;
  } catch {
    return false;
  }
}

async function chooseTarget(): Promise<Target> {
  const connectionString = process.env.KURRENTDB_CONNECTION_STRING?.trim();
  if (connectionString) return { kind: 'connection-string', connectionString };
  if (await dockerIsReachable()) return { kind: 'docker' };
  return { kind: 'none' };
}

async function startKurrentDbContainer(): Promise<{ container: StartedTestContainer; connectionString: string }> {
  const { GenericContainer, Wait } = await loadTestcontainers();
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      KURRENTDB_CLUSTER_SIZE: '1',
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'All',
      KURRENTDB_START_STANDARD_PROJECTIONS: 'true',
      KURRENTDB_MEM_DB: 'true',
    })
    .withExposedPorts(KURRENTDB_PORT)
    .withWaitStrategy(
      Wait.forHttp('/health/live', KURRENTDB_PORT).forStatusCodeMatching((status) => status >= 200 && status < 300),
    )
    .withStartupTimeout(120_000)
    .start();
  const connectionString = `kurrentdb://${container.getHost()}:${container.getMappedPort(KURRENTDB_PORT)}?tls=false`;
  return { container, connectionString };
}

/** /health/live answers before the node has become leader; wait until it takes reads and writes. */
async function waitUntilServing(connectionString: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const store = new KurrentDbEventStore(connectionString, new UpcasterRegistry(), { streamPrefix: 'warmup_' });
    try {
      await store.headPosition();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await store.close();
    }
  }
}

function randomStreamPrefix(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 16)}_`;
}

const target = await chooseTarget();

if (target.kind === 'none') {
  console.warn(SKIP_MESSAGE);
  describe('KurrentDbEventStore', () => {
    it.skip(SKIP_MESSAGE, () => undefined);
  });
} else {
  describe('KurrentDbEventStore', () => {
    let connectionString = target.kind === 'connection-string' ? target.connectionString : '';
    let container: StartedTestContainer | undefined;

    beforeAll(async () => {
      if (target.kind === 'docker') {
        ({ container, connectionString } = await startKurrentDbContainer());
      }
      await waitUntilServing(connectionString);
    }, 240_000);

    afterAll(async () => {
      await container?.stop();
    }, 60_000);

    describeEventStoreContract(
      'kurrentdb',
      async () => {
        const store = new KurrentDbEventStore(connectionString, new UpcasterRegistry(), {
          streamPrefix: randomStreamPrefix(),
        });
        return { store, cleanup: () => store.close() };
      },
      { realConcurrency: true },
    );
  });
}
