import { parse } from 'graphql';
import { checkPageSizes } from '../../src/access/operation-authorization.js';
import { connection, pageRequest } from '../../src/graphql/connection.js';
import { readStockChanges } from '../../src/portfolio/stock-sync/stock-change-feed.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';

/**
 * Page sizes: the hardened check (MAX_PAGE_SIZE, before execution) and each list's own limit say
 * the same thing, and 0 is legal everywhere (Relay: an empty page with totalCount and hasNextPage).
 */
function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('page sizes', () => {
  it('first: 0 is an empty page, with the total and whether more follow', () => {
    const request = pageRequest(0, undefined);
    expect(request.first).toBe(0);
    const page = connection([{ id: 'a' }], request, (r) => r.id, 7);
    expect(page).toEqual({ edges: [], totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('a list refuses a size outside its own range with the reason of the hardened check, saying 0 is allowed', () => {
    for (const first of [-1, 201, 1.5]) {
      expect(refusal(() => pageRequest(first, undefined))).toMatchObject({
        code: 'PAGE_SIZE_OUT_OF_RANGE',
        category: 'BAD_USER_INPUT',
        field: 'first',
        message: 'first: must be a whole number from 0 (an empty page) to 200',
      });
    }
    expect(refusal(() => pageRequest(501, undefined, 500)).message).toBe('first: must be a whole number from 0 (an empty page) to 500');
  });

  it('the change feed takes first: 0 too, and refuses as the other lists do', async () => {
    const store = { readAllPage: async () => ({ events: [] }) } as unknown as EventStore;
    await expect(readStockChanges(store, 0, undefined)).resolves.toMatchObject({ edges: [] });
    await expect(readStockChanges(store, 1001, undefined)).rejects.toMatchObject({
      code: 'PAGE_SIZE_OUT_OF_RANGE',
      field: 'first',
      message: 'first: must be a whole number from 0 (an empty page) to 1000',
    });
  });

  it('the hardened check allows 0, and its refusal names the global limit only as the ceiling of every list', () => {
    expect(checkPageSizes(parse('{ dwellings(first: 0) { totalCount } }'), {}, 1000)).toBeNull();
    for (const first of [-1, 1001]) {
      const problem = checkPageSizes(parse(`{ dwellings(first: ${first}) { totalCount } }`), {}, 1000);
      expect(problem?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE', field: 'first' });
      expect(problem?.message).toBe("dwellings.first: must be a whole number from 0 (an empty page) to the list's own maximum, never above 1000 (MAX_PAGE_SIZE)");
    }
  });
});
