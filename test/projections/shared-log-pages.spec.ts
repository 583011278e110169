import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import type { AllPage } from '../../src/event-store/event-store.port.js';
import { SharedLogPages } from '../../src/projections/shared-log-pages.js';

const PAGE = 10;

/** A log of `size` events at positions 1…size (types alternate A, B), counting the page reads. */
function log(size: number) {
  const reads: bigint[] = [];
  const read = (after: bigint) => async (): Promise<AllPage> => {
    reads.push(after);
    await sleep(1);
    const events: RecordedEvent[] = [];
    for (let p = Number(after) + 1; p <= Math.min(size, Number(after) + PAGE); p++) {
      events.push({ id: `e${p}`, streamId: 's', revision: BigInt(p - 1), position: BigInt(p), type: p % 2 ? 'A' : 'B', schemaVersion: 1, data: {}, metadata: {} as RecordedEvent['metadata'] });
    }
    return { events, scannedTo: events.length ? events[events.length - 1]!.position : after };
  };
  return { reads, read };
}

/** One read model being built: takes every page to the end, as the runner's batches do (wait, then take). */
async function build(pages: SharedLogPages, name: string, source: ReturnType<typeof log>, workMs: number, eventTypes?: string[]): Promise<bigint[]> {
  const seen: bigint[] = [];
  let from = 0n;
  for (;;) {
    await pages.waitForRoom(name, from, PAGE);
    const page = await pages.page(name, from, PAGE, eventTypes, source.read(from));
    seen.push(...page.events.map((e) => e.position));
    await sleep(workMs);
    if (!page.full) break;
    from = page.scannedTo;
  }
  pages.leave(name);
  return seen;
}

describe('log pages shared by the read models being built', () => {
  it('reads each page once for read models of very different speeds, and each gets every event in order', async () => {
    const source = log(200);
    const pages = new SharedLogPages({ capacity: 3 });
    const [fast, medium, slow] = await Promise.all([build(pages, 'fast', source, 0), build(pages, 'medium', source, 3), build(pages, 'slow', source, 12)]);
    const all = Array.from({ length: 200 }, (_, i) => BigInt(i + 1));
    expect(fast).toEqual(all);
    expect(medium).toEqual(all);
    expect(slow).toEqual(all);
    // 20 full pages and the short one at the end (a short page is never kept: the head may move).
    expect(new Set(source.reads).size).toBe(21);
    expect(source.reads.filter((after) => after < 200n)).toHaveLength(20);
  });

  it('hands a read model wanting some event types only those, and the page end to go on from', async () => {
    const source = log(30);
    const pages = new SharedLogPages({ capacity: 2 });
    const page = await pages.page('a', 0n, PAGE, ['B'], source.read(0n));
    expect(page.events.map((e) => Number(e.position))).toEqual([2, 4, 6, 8, 10]);
    expect(page.scannedTo).toBe(10n);
    expect(page.full).toBe(true);
  });

  it('keeps a read model that is ahead by the whole capacity waiting until the slowest takes the oldest page', async () => {
    const source = log(100);
    const pages = new SharedLogPages({ capacity: 2 });
    await pages.page('slow', 0n, PAGE, undefined, source.read(0n)); // slow holds page 0, next wants 10
    await pages.page('fast', 0n, PAGE, undefined, source.read(0n));
    await pages.page('fast', 10n, PAGE, undefined, source.read(10n));
    await pages.page('fast', 20n, PAGE, undefined, source.read(20n)); // kept: pages 10 and 20 (slow still needs 10)
    let done = false;
    const waiting = pages.waitForRoom('fast', 30n, PAGE).then((gaveUp) => {
      done = true;
      return gaveUp;
    });
    await sleep(30);
    expect(done).toBe(false);
    await pages.page('slow', 10n, PAGE, undefined, source.read(10n)); // slow goes past page 10
    expect(await waiting).toBe(false);
    expect(source.reads).toEqual([0n, 10n, 20n]);
  });

  it('does not wait for a read model that left, nor longer than its bound for one that stopped asking', async () => {
    const source = log(100);
    const pages = new SharedLogPages({ capacity: 1, maxWaitMs: 50 });
    await pages.page('stuck', 0n, PAGE, undefined, source.read(0n));
    await pages.page('fast', 0n, PAGE, undefined, source.read(0n));
    await pages.page('fast', 10n, PAGE, undefined, source.read(10n)); // kept: page 10, which stuck still needs
    const started = Date.now();
    expect(await pages.waitForRoom('fast', 20n, PAGE)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    pages.leave('stuck');
    expect(await pages.waitForRoom('fast', 20n, PAGE)).toBe(false);
  });

  it('lets a read model further behind than every kept page read its own without waiting', async () => {
    const source = log(100);
    const pages = new SharedLogPages({ capacity: 2, maxWaitMs: 5_000 });
    await pages.page('a', 40n, PAGE, undefined, source.read(40n));
    await pages.page('b', 40n, PAGE, undefined, source.read(40n));
    await pages.page('b', 50n, PAGE, undefined, source.read(50n));
    await pages.page('b', 60n, PAGE, undefined, source.read(60n)); // kept: pages 50 and 60, both still needed
    const started = Date.now();
    expect(await pages.waitForRoom('late', 0n, PAGE)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
