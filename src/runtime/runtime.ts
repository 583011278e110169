import pg from 'pg';
import '../database/pg-types.js';
import type { Config } from '../config/config.js';
import type { Migration } from '../database/migration.js';
import { migrate } from '../database/migrator.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../database/embedded-postgres.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { eventStoreMigrations } from '../event-store/postgres/event-store.migrations.js';
import { openLogEpoch } from '../event-store/postgres/log-epoch.js';
import { UpcasterRegistry } from '../event-store/upcasters.js';
import { CommandExecutor } from '../command-handling/command-executor.js';
import type { Logger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { projectionMigrations } from '../projections/projection-store.migrations.js';

/** Connections of `Runtime.lockPool`: at most this many offer districts hold their lock at once in one process. */
const LOCK_POOL_SIZE = 4;

export interface RuntimeParts {
  projections: readonly Projection[];
  migrations: readonly Migration[];
  upcasters: UpcasterRegistry;
}

/**
 * The infrastructure a process needs, opened in order and closed in reverse: the database
 * (embedded or a server), migrations, the event store, the command executor and the projections.
 * The HTTP service and every CLI command share it.
 */
export class Runtime {
  /** Set when the process has been asked to stop: readiness turns false so no new work is routed here. */
  shuttingDown = false;

  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly pool: pg.Pool,
    /**
     * A few connections apart from `pool`, only for session locks held while work runs (the offer
     * district locks): a holder waits on `pool` for its work, so holders taking their lock from
     * `pool` could take every connection and wait for ever. A lock beyond these waits its turn.
     */
    readonly lockPool: pg.Pool,
    readonly store: EventStore,
    readonly runner: ProjectionRunner,
    readonly executor: CommandExecutor,
    readonly metrics: Metrics,
    readonly databaseLocation: string,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async open(config: Config, logger: Logger, parts: RuntimeParts): Promise<Runtime> {
    let embedded: EmbeddedPostgres | undefined;
    let url = config.databaseUrl;
    let location: string;
    if (url) {
      location = redactUrl(url);
    } else {
      embedded = await startEmbeddedPostgres(config.dataDir);
      url = embedded.url;
      location = embedded.location;
      logger.info({ dataDir: embedded.location }, `embedded PostgreSQL (PGlite): data lives in ${embedded.location}`);
    }
    // pg's default closes a connection after 10 s unused; under a steady load the pool then opens new
    // ones in every burst, and a new server process's first queries (catalog caches, plans) took
    // 10-30 ms, which showed as the requests' p99.
    const pool = new pg.Pool({ connectionString: url, max: config.databasePoolSize, idleTimeoutMillis: config.databasePoolIdleSeconds * 1000 });
    pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
    const lockPool = new pg.Pool({ connectionString: url, max: LOCK_POOL_SIZE, idleTimeoutMillis: config.databasePoolIdleSeconds * 1000 });
    lockPool.on('error', (error) => logger.warn({ err: error }, 'idle database lock connection failed'));
    try {
      await migrate(pool, [...eventStoreMigrations, ...projectionMigrations, ...parts.migrations]);
      const store = await openEventStore(config, pool, parts.upcasters, logger);
      const runner = new ProjectionRunner(pool, store, parts.projections, {
        batchSize: config.projectionBatchSize,
        buildBatchSize: config.projectionBuildBatchSize,
        pollIntervalMs: config.projectionPollIntervalMs,
        logger,
      });
      const metrics = new Metrics(async () =>
        (await runner.status()).map((s) => ({
          name: s.name,
          position: s.live?.position ?? 0n,
          lag: s.eventsBehind,
          runningHere: s.runningHere,
          failed: s.error !== null,
        })),
      );
      const executor = new CommandExecutor(store, config.commandRetries, (types, position) => runner.nudge(types, position), {
        command: (type, outcome, seconds) => {
          metrics.commands.inc({ command: type, outcome });
          metrics.commandSeconds.observe({ command: type, outcome }, seconds);
        },
        append: (outcome, seconds) => metrics.appendSeconds.observe({ adapter: store.adapterName, outcome }, seconds),
      });
      return new Runtime(config, logger, pool, lockPool, store, runner, executor, metrics, location, embedded);
    } catch (error) {
      await pool.end().catch(() => undefined);
      await lockPool.end().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.pool.end();
    await this.lockPool.end();
    await this.embedded?.stop();
  }
}

async function openEventStore(config: Config, pool: pg.Pool, upcasters: UpcasterRegistry, logger: Logger): Promise<EventStore> {
  if (config.kurrentdbConnectionString) {
    // Loaded only when used: the gRPC client is heavy and most installations keep the log in PostgreSQL.
    const { KurrentDbEventStore } = await import('../event-store/kurrentdb/kurrentdb-event-store.js');
    return new KurrentDbEventStore(config.kurrentdbConnectionString, upcasters);
  }
  const epoch = await openLogEpoch(pool);
  if (epoch.advanced) {
    logger.warn(
      { fromXid: epoch.advanced.fromXid.toString(), lastLoggedXid: epoch.advanced.lastLoggedXid.toString(), xidOffset: epoch.xidOffset.toString() },
      'the server\'s transaction counter was behind the event log (restored into a new server?): positions now continue after the log\'s newest',
    );
  }
  return new PostgresEventStore(pool, upcasters, { pollIntervalMs: config.projectionPollIntervalMs, xidOffset: epoch.xidOffset });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
