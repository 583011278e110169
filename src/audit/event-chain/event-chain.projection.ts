import { arrayLiteral } from '../../projections/batch/array-literal.js';
import type { Projection } from '../../projections/projection.js';
import { chainHash, GENESIS_HASH } from './canonical-event.js';

/**
 * Tamper evidence: every event gets a hash chained to the previous event's hash, in log order.
 * It is computed behind the appends, like a read model (exactly once, by one process at a time),
 * so concurrent appends never wait for each other; `verify` recomputes the chain from the log.
 * An event is hashed as the log stores it, not as upcasters show it (canonicalEvent).
 */
export const eventChainProjection: Projection<'event_chain'> = {
  name: 'event-chain',
  // Everything in the table derives from the log, so a rebuild must come out byte-identical.
  version: 2,
  // Nobody reads their own writes from the chain: hashing fewer, larger batches leaves the CPU to the appends.
  settleMs: 250,
  tables: {
    event_chain: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        event_id uuid NOT NULL,
        hash text NOT NULL
      );`,
  },
  async apply(client, tables, events) {
    const { rows } = await client.query<{ hash: string }>(`SELECT hash FROM ${tables.event_chain} ORDER BY position DESC LIMIT 1`);
    let previous = rows[0]?.hash ?? GENESIS_HASH;
    const positions: string[] = [];
    const ids: string[] = [];
    const hashes: string[] = [];
    for (const event of events) {
      previous = chainHash(previous, event);
      positions.push(event.position.toString());
      ids.push(event.id);
      hashes.push(previous);
    }
    await client.query(
      `INSERT INTO ${tables.event_chain} (position, event_id, hash) SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[])`,
      [positions, ids, hashes].map(arrayLiteral),
    );
  },
};
