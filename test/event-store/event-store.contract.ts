import { v7 as uuidv7 } from 'uuid';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-envelope.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../../src/event-store/event-store.errors.js';

export interface OpenedStore {
  store: EventStore;
  cleanup: () => Promise<void>;
}

let streamCounter = 0;
/** Unique stream ids per test, so tests sharing one store never collide. */
export function stream(category = 'dwelling'): string {
  streamCounter += 1;
  return `${category}-${uuidv7()}-${streamCounter}`;
}

export function event(type = 'DwellingRegistered', data: unknown = { n: 1 }, schemaVersion = 1): NewEvent {
  return {
    id: uuidv7(),
    type,
    schemaVersion,
    data,
    metadata: {
      actor: 'user-1',
      role: 'caseworker',
      correlationId: uuidv7(),
      causationId: uuidv7(),
      occurredAt: '2025-03-01T10:00:00.000Z',
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * The behaviour every event store adapter must show. `open` returns a store on an empty log, or at
 * least one whose other streams do not matter to these tests (they filter to their own streams).
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<OpenedStore>,
  options: { realConcurrency?: boolean } = {},
): void {
  describe(`event store contract: ${adapterName}`, () => {
    let opened: OpenedStore;
    let store: EventStore;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    const readStream = (id: string, from?: bigint, to?: bigint) =>
      collect(store.readStream(id, { fromRevision: from, toRevision: to }));
    const allOf = async (ids: string[]) => {
      const wanted = new Set(ids);
      return (await collect(store.readAll())).filter((e) => wanted.has(e.streamId));
    };

    it('appends to a new stream with no_stream and returns revision 0 and a position', async () => {
      const s = stream();
      const result = await store.append(s, [event()], 'no_stream');
      expect(result.nextRevision).toBe(0n);
      expect(result.position).toBeGreaterThan(0n);
      const [stored] = await readStream(s);
      expect(stored!.revision).toBe(0n);
      expect(stored!.position).toBe(result.position);
    });

    it('keeps the whole envelope: id, type, schema version, data and metadata with recordedAt', async () => {
      const s = stream();
      const e = event('DwellingRegistered', { address: 'Storgata 1', rooms: 3, tags: ['a', 'b'] });
      await store.append(s, [e], 'no_stream');
      const [stored] = await readStream(s);
      expect(stored).toMatchObject({ id: e.id, streamId: s, type: e.type, schemaVersion: 1, data: e.data });
      expect(stored!.metadata).toMatchObject(e.metadata);
      expect(Date.parse(stored!.metadata.recordedAt)).not.toBeNaN();
    });

    it('refuses no_stream when the stream exists, and appends nothing', async () => {
      const s = stream();
      await store.append(s, [event()], 'no_stream');
      await expect(store.append(s, [event()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await readStream(s)).toHaveLength(1);
    });

    it('refuses stream_exists on a missing stream, and accepts it on an existing one', async () => {
      const s = stream();
      await expect(store.append(s, [event()], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await readStream(s)).toHaveLength(0);
      await store.append(s, [event()], 'any');
      const r = await store.append(s, [event()], 'stream_exists');
      expect(r.nextRevision).toBe(1n);
    });

    it('enforces an exact expected revision and reports the actual one', async () => {
      const s = stream();
      await store.append(s, [event(), event()], 'no_stream');
      const ok = await store.append(s, [event()], 1n);
      expect(ok.nextRevision).toBe(2n);
      const failure = await store.append(s, [event()], 1n).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
      expect((failure as WrongExpectedRevisionError).actual).toBe(2n);
      await expect(store.append(s, [event()], 5n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(stream(), [event()], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await readStream(s)).toHaveLength(3);
    });

    it('appends several events atomically with consecutive revisions and increasing positions', async () => {
      const s = stream();
      const r = await store.append(s, [event('A'), event('B'), event('C')], 'no_stream');
      expect(r.nextRevision).toBe(2n);
      const stored = await readStream(s);
      expect(stored.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(stored[0]!.position < stored[1]!.position && stored[1]!.position < stored[2]!.position).toBe(true);
      expect(stored[2]!.position).toBe(r.position);
    });

    it('stores nothing of a multi-event append that fails', async () => {
      const s = stream();
      const taken = event();
      await store.append(stream(), [taken], 'no_stream');
      // The second event's id is already used in another stream: the whole append must fail.
      await expect(store.append(s, [event(), { ...taken }], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await readStream(s)).toHaveLength(0);
    });

    it('treats a re-sent append as the same append: same result, nothing duplicated', async () => {
      const s = stream();
      const batch = [event('A'), event('B')];
      const first = await store.append(s, batch, 'no_stream');
      const again = await store.append(s, batch, 'no_stream');
      expect(again).toEqual(first);
      const againAny = await store.append(s, batch, 'any');
      expect(againAny).toEqual(first);
      expect(await readStream(s)).toHaveLength(2);
    });

    it('refuses an event id re-sent with different content', async () => {
      const s = stream();
      const e = event('A', { v: 1 });
      await store.append(s, [e], 'no_stream');
      await expect(store.append(s, [{ ...e, data: { v: 2 } }], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await readStream(s)).toHaveLength(1);
    });

    it('rejects malformed appends', async () => {
      await expect(store.append(stream(), [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(store.append('', [event()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('reads a stream between revisions and a missing stream as empty', async () => {
      const s = stream();
      await store.append(s, [event('A'), event('B'), event('C'), event('D')], 'no_stream');
      expect((await readStream(s, 1n, 2n)).map((e) => e.type)).toEqual(['B', 'C']);
      expect((await readStream(s, 3n)).map((e) => e.type)).toEqual(['D']);
      expect(await readStream(stream())).toEqual([]);
    });

    it('reads $all in position order, after a position, with a limit and filters', async () => {
      const a = stream('dwelling');
      const b = stream('application');
      await store.append(a, [event('DwellingRegistered')], 'no_stream');
      const mid = await store.append(b, [event('ApplicationSubmitted')], 'no_stream');
      await store.append(a, [event('DwellingRenovated')], 0n);
      const all = await allOf([a, b]);
      expect(all.map((e) => e.type)).toEqual(['DwellingRegistered', 'ApplicationSubmitted', 'DwellingRenovated']);
      const afterMid = (await collect(store.readAll({ after: mid.position }))).filter((e) => e.streamId === a || e.streamId === b);
      expect(afterMid.map((e) => e.type)).toEqual(['DwellingRenovated']);
      const byType = (await collect(store.readAll({ filter: { eventTypes: ['ApplicationSubmitted'] } }))).filter(
        (e) => e.streamId === b,
      );
      expect(byType).toHaveLength(1);
      const byCategory = await collect(store.readAll({ filter: { categories: ['application'] } }));
      expect(byCategory.every((e) => e.streamId.startsWith('application-'))).toBe(true);
      expect(byCategory.some((e) => e.streamId === b)).toBe(true);
      const limited = await collect(store.readAll({ limit: 2 }));
      expect(limited).toHaveLength(2);
    });

    it('reports the head position of the log', async () => {
      const r = await store.append(stream(), [event()], 'no_stream');
      expect(await store.headPosition()).toBeGreaterThanOrEqual(r.position);
    });

    it('pages through $all with a scan watermark that moves past filtered-out events', async () => {
      const s = stream('ledger');
      const r = await store.append(s, [event('Ignored')], 'no_stream');
      const head = await store.headPosition();
      const page = await store.readAllPage(r.position - 1n, 100, { eventTypes: ['NoSuchType'] });
      expect(page.events).toEqual([]);
      expect(page.scannedTo).toBeGreaterThanOrEqual(head);
    });

    it('subscribes: catches up, then follows live appends, in order', async () => {
      const s = stream('subscription');
      await store.append(s, [event('First')], 'no_stream');
      const seen: RecordedEvent[] = [];
      let resolveThird: () => void;
      const third = new Promise<void>((r) => (resolveThird = r));
      const sub = store.subscribe({ filter: { categories: ['subscription'] } }, async (events) => {
        seen.push(...events.filter((e) => e.streamId === s));
        if (seen.length >= 3) resolveThird();
      });
      await store.append(s, [event('Second')], 0n);
      await store.append(s, [event('Third')], 1n);
      await third;
      await sub.stop();
      expect(seen.map((e) => e.type)).toEqual(['First', 'Second', 'Third']);
    });

    it('ends a subscription whose handler fails, with that error', async () => {
      const s = stream('failing');
      await store.append(s, [event()], 'no_stream');
      const sub = store.subscribe({ filter: { categories: ['failing'] } }, async () => {
        throw new Error('projection broke');
      });
      await expect(sub.done).rejects.toThrow('projection broke');
    });

    if (options.realConcurrency) {
      it('16 concurrent writers while a subscriber follows $all: every committed event exactly once, in stream order', async () => {
        const writers = 16;
        const perWriter = 40;
        const streams = Array.from({ length: writers }, () => stream('concurrent'));
        // Half the writers share streams, so appends also conflict and retry.
        const shared = stream('concurrent');
        const seen: RecordedEvent[] = [];
        const start = await store.headPosition();
        const expected = writers * perWriter + writers * 5;
        let resolveAll: () => void;
        const all = new Promise<void>((r) => (resolveAll = r));
        const sub = store.subscribe({ after: start, filter: { categories: ['concurrent'] }, batchSize: 37 }, async (events) => {
          seen.push(...events);
          if (seen.length >= expected) resolveAll();
        });
        await Promise.all(
          streams.map(async (s, w) => {
            for (let i = 0; i < perWriter; i++) {
              await store.append(s, [event('Tick', { w, i })], i === 0 ? 'no_stream' : BigInt(i - 1));
            }
            for (let i = 0; i < 5; i++) await store.append(shared, [event('Shared', { w, i })], 'any');
          }),
        );
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([all, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
        clearTimeout(timer);
        await sub.stop();
        expect(seen).toHaveLength(expected);
        expect(new Set(seen.map((e) => e.id)).size).toBe(expected);
        const positions = seen.map((e) => e.position);
        expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
        const lastRevision = new Map<string, bigint>();
        for (const e of seen) {
          const prev = lastRevision.get(e.streamId) ?? -1n;
          expect(e.revision).toBe(prev + 1n);
          lastRevision.set(e.streamId, e.revision);
        }
        expect(lastRevision.get(shared)).toBe(BigInt(writers * 5 - 1));
      });
    }
  });
}
