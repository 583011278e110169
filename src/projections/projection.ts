import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';

/** The physical names of a projection's tables in the generation being written. */
export type TableNames<T extends string> = Record<T, string>;

/**
 * A read model fed from the log. Its tables are created per generation (`dwellings_g3`) and read
 * through a view with the logical name (`dwellings`), so a rebuild happens beside the live tables
 * and is switched in atomically.
 */
export interface Projection<T extends string = string> {
  /** Stable name, e.g. 'dwellings'. */
  readonly name: string;
  /** Bump when the tables or the mapping change: a new generation is then built beside the live one. */
  readonly version: number;
  /** DDL per logical table; receives the physical table name (and all names, for foreign keys). */
  readonly tables: Record<T, (table: string, names: TableNames<T>) => string>;
  /**
   * After a live batch that did work, wait this long before the next one, whatever nudges arrive:
   * events then gather into fewer, larger batches. A read-your-writes wait for the read model ends
   * the pause (waitForPosition), so it suits read models that are read at once only that way.
   */
  readonly settleMs?: number;
  /** Only these event types are read (all when absent). */
  readonly eventTypes?: readonly string[];
  /** Applies events in log order inside the batch transaction; must be deterministic. */
  apply(client: pg.PoolClient, tables: TableNames<T>, events: readonly RecordedEvent[]): Promise<void>;
}
