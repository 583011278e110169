import type pg from 'pg';
import type { RecordedEvent } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { chainHash, GENESIS_HASH } from './canonical-event.js';

export interface ChainBreak {
  /** The first position where the log and the chain disagree. */
  position: bigint;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Events checked against the chain. */
  checked: number;
  /** Events appended after the chain's checkpoint (not yet chained; not a break). */
  unchained: number;
  /** The hash of the last chained event: anchor it outside the database to detect a rewritten chain. */
  headHash: string;
  headPosition: bigint;
  firstBreak: ChainBreak | null;
}

interface ChainRow {
  position: string;
  event_id: string;
  hash: string;
}

/**
 * Walks the log and the chain side by side in position order, recomputing every hash. An edited
 * event changes its hash; a deleted one leaves a chain entry without its event; reordered events
 * change what sits at a position. The first disagreement is reported with its position. Events
 * are hashed as stored (canonicalEvent), so an upcaster registered since the chain was built
 * breaks nothing.
 */
export async function verifyEventChain(
  pool: pg.Pool,
  store: EventStore,
  onProgress: (checked: number) => void = () => undefined,
): Promise<ChainVerification> {
  const chain = chainReader(pool);
  const log = store.readAll()[Symbol.asyncIterator]();
  let previous = GENESIS_HASH;
  let checked = 0;
  let unchained = 0;
  let headPosition = 0n;
  const result = (firstBreak: ChainBreak | null): ChainVerification => ({ ok: firstBreak === null, checked, unchained, headHash: previous, headPosition, firstBreak });

  let link = await chain.next();
  for (let next = await log.next(); !next.done; next = await log.next()) {
    const event: RecordedEvent = next.value;
    if (!link) {
      unchained++;
      continue;
    }
    const linkPosition = BigInt(link.position);
    if (linkPosition < event.position) {
      return result({ position: linkPosition, reason: `event ${link.event_id} at position ${linkPosition} is in the chain but missing from the log (deleted or moved)` });
    }
    if (linkPosition > event.position) {
      return result({ position: event.position, reason: `event ${event.id} at position ${event.position} is in the log but not in the chain (inserted or moved)` });
    }
    if (link.event_id !== event.id) {
      return result({ position: event.position, reason: `position ${event.position} holds event ${event.id}, but the chain recorded ${link.event_id} there (reordered or replaced)` });
    }
    const expected = chainHash(previous, event);
    if (expected !== link.hash) {
      return result({ position: event.position, reason: `event ${event.id} at position ${event.position} does not match its hash: its content or metadata was changed, or an earlier link was` });
    }
    previous = link.hash;
    headPosition = event.position;
    checked++;
    if (checked % 10_000 === 0) onProgress(checked);
    link = await chain.next();
  }
  if (link) {
    return result({ position: BigInt(link.position), reason: `event ${link.event_id} at position ${link.position} is in the chain but missing from the log (deleted)` });
  }
  onProgress(checked);
  return result(null);
}

/** The chain's rows in position order, a page at a time. */
function chainReader(pool: pg.Pool) {
  let buffer: ChainRow[] = [];
  let after = '-1';
  let exhausted = false;
  return {
    async next(): Promise<ChainRow | undefined> {
      if (buffer.length === 0 && !exhausted) {
        const { rows } = await pool.query<ChainRow>(
          // Ordered by the column, not by the text it is selected as: "10…" sorts before "9…" as text.
          `SELECT position::text, event_id::text, hash FROM event_chain WHERE position > $1 ORDER BY event_chain.position LIMIT 5000`,
          [after],
        );
        buffer = rows;
        exhausted = rows.length < 5000;
        if (rows.length > 0) after = rows[rows.length - 1]!.position;
      }
      return buffer.shift();
    },
  };
}
