import { ValidationError } from '../shared-kernel/domain-error.js';

/**
 * Relay connection arguments, checked: `first` within 0..max (0 is legal in Relay: an empty page,
 * with totalCount and hasNextPage), `after` an opaque cursor we issued. The reason is the one the
 * hardened endpoint gives for a page size above MAX_PAGE_SIZE (access/operation-authorization.ts).
 */
export interface PageRequest {
  first: number;
  afterKey: string | undefined;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined, max = 200): PageRequest {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw new ValidationError('first', pageSizeRule(max), 'PAGE_SIZE_OUT_OF_RANGE');
  }
  return { first: size, afterKey: after ? decodeCursor(after) : undefined };
}

/** What a list says of its page size, the same in every list; the hardened check says it with MAX_PAGE_SIZE as the ceiling. */
export function pageSizeRule(max: number): string {
  return `must be a whole number from 0 (an empty page) to ${max}`;
}

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('k:')) throw new ValidationError('after', 'must be a cursor returned by an earlier page');
  return raw.slice(2);
}

export function connection<T>(rows: T[], request: PageRequest, keyOf: (row: T) => string, totalCount: number) {
  const page = rows.slice(0, request.first);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: request.afterKey !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
