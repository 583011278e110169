import type pg from 'pg';
import { KeyedMutex } from './keyed-mutex.js';

/**
 * Makes "read the concentration counts, decide, reserve" one unit per district across every
 * service process: the in-process mutex queues this process's offers, and a PostgreSQL session
 * advisory lock (held on its own connection for the duration) keeps other processes out.
 */
export class DistrictLock {
  private readonly local = new KeyedMutex();

  constructor(private readonly pool: pg.Pool) {}

  run<T>(district: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(district, async () => {
      const client = await this.pool.connect();
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
