import type pg from 'pg';
import { KeyedMutex } from './keyed-mutex.js';

/**
 * Makes "read the concentration counts, decide, reserve" one unit per district across every
 * service process: the in-process mutex queues this process's offers, and a PostgreSQL session
 * advisory lock (held on its own connection for the duration) keeps other processes out.
 *
 * The lock connections come from `lockPool` (Runtime.lockPool), never from the pool the work
 * queries on: the work needs that pool's connections while the lock is held, so offers in as many
 * districts as the pool has free connections would each hold one and wait for ever for another.
 * With a separate pool an offer beyond its size waits for a lock connection, not for its own work.
 */
export class DistrictLock {
  private readonly local = new KeyedMutex();

  constructor(private readonly lockPool: pg.Pool) {}

  run<T>(district: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(district, async () => {
      const client = await this.lockPool.connect();
      try {
        await client.query(`SELECT pg_advisory_lock(hashtext('boligbok:offer-district:' || $1))`, [district]);
        try {
          return await work();
        } finally {
          await client.query(`SELECT pg_advisory_unlock(hashtext('boligbok:offer-district:' || $1))`, [district]);
        }
      } finally {
        client.release();
      }
    });
  }
}
