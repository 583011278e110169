import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import type pg from 'pg';
import { SessionLocks } from '../../src/database/session-locks.js';
import { createLogger } from '../../src/observability/logger.js';

/** A connection that grants every lock and records what it was asked and how it was given back. */
class FakeConnection extends EventEmitter {
  readonly queries: string[] = [];
  released: { error?: Error } | undefined;

  async query(text: string) {
    this.queries.push(text);
    return { rows: [{ ok: true }] };
  }

  release(error?: Error) {
    this.released = { error };
  }
}

/** A pool whose next connections fail `failing` times, then succeed. */
function fakePool() {
  const pool = {
    attempts: 0,
    failing: 0,
    connections: [] as FakeConnection[],
    async connect() {
      pool.attempts++;
      if (pool.failing > 0) {
        pool.failing--;
        throw new Error('connect ECONNREFUSED');
      }
      const connection = new FakeConnection();
      pool.connections.push(connection);
      return connection;
    },
  };
  return pool;
}

describe('session locks held for the projection and process-manager runners', () => {
  it('gives every lock up when the connection is lost, and takes them again on a new one, waiting longer after each failed attempt', async () => {
    const pool = fakePool();
    const lines: string[] = [];
    const locks = new SessionLocks(pool as unknown as pg.Pool, {
      logger: createLogger('info', { write: (line: string) => lines.push(line) }),
      guards: 'projections',
      lockKey: (name) => `:test:${name}`,
      reconnect: { firstMs: 40, maxMs: 1000 },
    });
    await locks.open();
    expect(await locks.tryLock('a')).toBe(true);
    expect(await locks.tryLock('b')).toBe(true);

    // The server ends the connection: pg emits 'error' on it, which must not crash the process.
    const lost = pool.connections[0]!;
    lost.emit('error', new Error('terminating connection due to administrator command'));
    expect([locks.holds('a'), locks.holds('b')]).toEqual([false, false]);
    expect(lost.released?.error?.message).toMatch(/administrator command/);
    expect(lines.some((l) => l.includes('the connection holding the locks of the projections was lost'))).toBe(true);

    // The database is still unreachable twice: no lock meanwhile, and no new attempt before the wait is over.
    let now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      pool.failing = 2;
      expect(await locks.tryLock('a')).toBe(false);
      expect(await locks.tryLock('a')).toBe(false);
      expect(pool.attempts).toBe(2);
      now += 40;
      expect(await locks.tryLock('a')).toBe(false);
      expect(pool.attempts).toBe(3);
      now += 40; // the second wait is twice as long
      expect(await locks.tryLock('a')).toBe(false);
      expect(pool.attempts).toBe(3);
      now += 40;
      expect(await locks.tryLock('a')).toBe(true);
      expect(pool.attempts).toBe(4);
      expect(locks.holds('a')).toBe(true);
    } finally {
      clock.mockRestore();
    }

    await locks.close();
    const fresh = pool.connections[1]!;
    expect(fresh.queries.filter((q) => q.includes('pg_advisory_unlock'))).toHaveLength(1);
    expect(fresh.released).toEqual({ error: undefined });
    expect(fresh.listenerCount('error')).toBe(0);
  });

  it('takes a failing lock query for the loss of its connection', async () => {
    const pool = fakePool();
    const locks = new SessionLocks(pool as unknown as pg.Pool, { logger: createLogger('silent'), guards: 'process managers', lockKey: (name) => name });
    await locks.open();
    expect(await locks.tryLock('a')).toBe(true);
    const broken = pool.connections[0]!;
    broken.query = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    expect(await locks.tryLock('b')).toBe(false);
    expect(locks.holds('a')).toBe(false);
    expect(broken.released?.error?.message).toBe('Connection terminated unexpectedly');
    expect(await locks.tryLock('b')).toBe(true);
    expect(pool.connections).toHaveLength(2);
    await locks.close();
  });
});
