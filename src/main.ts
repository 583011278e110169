import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './observability/logger.js';
import { openRuntime } from './runtime/open-runtime.js';
import { startServer } from './server.js';
import { loadDemoData } from './generator/demo-data.js';
import { inFlightRequests } from './graphql/in-flight-requests.js';
import type { Server } from 'node:http';

/** The whole shutdown: requests in flight, then Apollo, the projections, the pool (README, "Shutdown"). */
const SHUTDOWN_TIMEOUT_MS = 30_000;
/**
 * What the budget keeps after the requests for closing the rest (the projections commit the batch in
 * progress, the pool and an embedded database close): the requests in flight get the other 25 s.
 */
const CLOSING_RESERVE_MS = 5_000;
const REQUEST_GRACE_MS = SHUTDOWN_TIMEOUT_MS - CLOSING_RESERVE_MS;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);
  // `npm start -- --demo`: generated Kristiansund data in an empty database (README.md).
  if (process.argv.includes('--demo')) await loadDemoData(runtime, logger);
  const app = await startServer(runtime, config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  logger.info({ graphql: `${url}/graphql`, database: runtime.databaseLocation, eventStore: runtime.store.adapterName }, `Boligbok is up: GraphQL at ${url}/graphql`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    runtime.shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    // A stuck request or batch must not keep the process alive forever.
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      // No new connections; a request still arriving on an open one is refused (server.ts). The
      // projections keep running meanwhile: a request may be waiting for them (`atLeast`).
      const server = app.getHttpServer() as Server;
      server.close();
      const requests = inFlightRequests(runtime);
      if (!(await requests.settled(REQUEST_GRACE_MS))) {
        const { unanswered, executing } = requests.running;
        logger.error(
          { unansweredHttpRequests: unanswered, executingOperations: executing, graceMs: REQUEST_GRACE_MS },
          `shutdown: requests still running after ${REQUEST_GRACE_MS / 1000} s (${unanswered} HTTP request(s) unanswered, ${executing} GraphQL operation(s) executing); exiting without their answers`,
        );
        logger.flush();
        process.exit(1);
      }
      // Nothing is running now: Apollo's drain (10 s, then it destroys the sockets) only closes idle connections.
      await app.close();
      await runtime.close();
      logger.info('stopped cleanly');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Boligbok failed to start: ${(error as Error).message}`);
  process.exit(1);
});
