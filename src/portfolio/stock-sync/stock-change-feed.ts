import type { EventStore } from '../../event-store/event-store.port.js';
import { pageSizeRule } from '../../graphql/connection.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { stockChangeNode, type StockChangeNode } from './stock-change-node.js';

export const MAX_FEED_PAGE = 1000;
export const DEFAULT_FEED_PAGE = 100;
/** The change feed is every event of the dwelling streams. */
export const STOCK_FILTER = { categories: ['dwelling'] } as const;

/**
 * A cursor of the change feed IS the event's log position written as a decimal string: it never
 * changes, so the company can store it and resume from it after any restart (of either side).
 * Positions grow but are not consecutive; "0" is before the first event.
 */
export function feedCursor(position: bigint): string {
  return position.toString();
}

export function parseFeedCursor(cursor: string | null | undefined, field = 'after'): bigint {
  if (cursor === null || cursor === undefined) return 0n;
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > 9_223_372_036_854_775_807n) {
    throw new ValidationError(field, 'must be a cursor of the change feed: a log position written as a decimal string, e.g. "1797259265"', 'INVALID_CURSOR');
  }
  return BigInt(cursor);
}

export interface StockChangePage {
  edges: { cursor: string; node: StockChangeNode }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** One page of the change feed: the `first` dwelling events strictly after the cursor, in log order. */
export async function readStockChanges(store: EventStore, first: number | null | undefined, after: string | null | undefined): Promise<StockChangePage> {
  const size = first ?? DEFAULT_FEED_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FEED_PAGE) {
    throw new ValidationError('first', pageSizeRule(MAX_FEED_PAGE), 'PAGE_SIZE_OUT_OF_RANGE');
  }
  const from = parseFeedCursor(after);
  const page = await store.readAllPage(from, size + 1, STOCK_FILTER);
  const edges = page.events.slice(0, size).map((event) => ({ cursor: feedCursor(event.position), node: stockChangeNode(event) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.events.length > size,
      hasPreviousPage: from > 0n,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
