import type pg from 'pg';
import type { Logger } from '../observability/logger.js';

export interface SessionLocksOptions {
  logger: Logger;
  /** What the locks let this process run, for the log ('projections', 'process managers'). */
  guards: string;
  /** The lock's key for a name; hashed with the schema, so each schema has locks of its own. */
  lockKey: (name: string) => string;
  /** Waits before a new connection is tried again after a failed attempt: `firstMs`, doubling up to `maxMs`. */
  reconnect?: { firstMs: number; maxMs: number };
}

const DEFAULT_RECONNECT = { firstMs: 1000, maxMs: 30_000 };

/**
 * Session advisory locks, one per name, held on a connection of their own for as long as this
 * process runs what they guard (a lock per projection, per process manager), so that only one
 * process runs each.
 *
 * That connection can be lost: a failover, idle_session_timeout, an administrator's
 * pg_terminate_backend, a proxy closing it. The server then releases every lock it held, so they
 * are all given up here at once (`holds` turns false: the owner stops the work, another process may
 * take over) and the next `tryLock` opens a new connection and takes the lock again if it is still
 * free; a failed attempt is tried again after a growing wait. Without the 'error' listener set here
 * (the pool removes its own when it hands a connection out) the loss would crash the process.
 */
export class SessionLocks {
  private client: pg.PoolClient | undefined;
  private onError: ((error: Error) => void) | undefined;
  /** The lock connection's queries, one after another (the loops ask at the same time; pg 9 refuses overlapping queries). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly held = new Set<string>();
  private connecting: Promise<pg.PoolClient | undefined> | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private closed = true;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SessionLocksOptions,
  ) {}

  /** Opens the lock connection; fails, as a start should, when the database cannot be reached. */
  async open(): Promise<void> {
    this.closed = false;
    this.failures = 0;
    this.nextAttemptAt = 0;
    this.adopt(await this.pool.connect());
  }

  /** Whether this process holds `name`'s lock now. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /**
   * Takes `name`'s lock if no other process holds it; whether this process holds it now. False
   * while there is no lock connection (lost, and a new one not open yet).
   */
  async tryLock(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const client = this.client ?? (await this.reconnect());
    if (!client) return false;
    let ok: boolean;
    try {
      const { rows } = await this.query<{ ok: boolean }>(client, 'SELECT pg_try_advisory_lock(hashtext(current_schema() || $1)) AS ok', [
        this.options.lockKey(name),
      ]);
      ok = rows[0]!.ok;
    } catch (error) {
      // A query that fails on this connection is taken for its loss: a new one is opened.
      this.lost(client, error);
      return false;
    }
    // Taken on a connection lost meanwhile, the lock went with it.
    if (!ok || this.client !== client) return false;
    this.held.add(name);
    return true;
  }

  /** Releases the locks held and gives the connection back to the pool. */
  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    if (client) {
      for (const name of this.held) {
        await this.query(client, 'SELECT pg_advisory_unlock(hashtext(current_schema() || $1))', [this.options.lockKey(name)]).catch(() => undefined);
      }
    }
    this.held.clear();
    // Lost while unlocking: lost() has given it back already.
    if (client && this.client === client) {
      this.client = undefined;
      client.off('error', this.onError!);
      client.release();
    }
  }

  private adopt(client: pg.PoolClient): void {
    const onError = (error: Error) => this.lost(client, error);
    client.on('error', onError);
    this.client = client;
    this.onError = onError;
    this.queue = Promise.resolve();
  }

  private query<R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.queue.then(() => client.query<R>(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The connection is gone, and the locks with it (the server released them): give them up here too. */
  private lost(client: pg.PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    const given = [...this.held];
    this.held.clear();
    // With an error, the pool destroys the connection instead of handing it out again.
    client.release(error instanceof Error ? error : new Error(String(error)));
    if (this.closed) return;
    this.options.logger.error(
      { err: error, given },
      `the connection holding the locks of the ${this.options.guards} was lost: they stop here (another process may take them over) and their locks are taken again on a new connection`,
    );
  }

  /** A new lock connection, unless the last attempt failed too recently (then undefined, as when it fails). */
  private reconnect(): Promise<pg.PoolClient | undefined> {
    if (this.closed || Date.now() < this.nextAttemptAt) return Promise.resolve(undefined);
    this.connecting ??= (async () => {
      try {
        const client = await this.pool.connect();
        if (this.closed) {
          client.release();
          return undefined;
        }
        this.adopt(client);
        this.failures = 0;
        this.options.logger.info(`a new connection for the locks of the ${this.options.guards} is open; each is taken again when free`);
        return client;
      } catch (error) {
        const { firstMs, maxMs } = this.options.reconnect ?? DEFAULT_RECONNECT;
        const waitMs = Math.min(firstMs * 2 ** this.failures, maxMs);
        this.failures++;
        this.nextAttemptAt = Date.now() + waitMs;
        this.options.logger.warn({ err: error, retryInMs: waitMs }, `no connection for the locks of the ${this.options.guards}; trying again`);
        return undefined;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }
}
