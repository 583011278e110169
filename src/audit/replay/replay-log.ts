import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { streamCategory, type EventStore } from '../../event-store/event-store.port.js';
import { recordedBy, type AsOf } from '../../projections/valid-time-history.js';
import { streamDeciders, type StreamFold } from './stream-deciders.js';

export interface ReplayOptions {
  /** Replay what the log knew at this instant: events recorded up to it, or up to this position. */
  until: AsOf;
  /** Only this stream. */
  streamId?: string;
  /** Called for every event replayed, in log order. */
  onEvent?: (event: RecordedEvent) => void;
  /** Called every few hundred events read (also those after `until`), with how many were read. */
  onProgress?: (read: number) => void;
  folds?: ReadonlyMap<string, StreamFold>;
  /** The log already read, in log order (instead of reading it from the store again, e.g. for many instants). */
  log?: readonly RecordedEvent[];
}

export interface ReplayResult {
  /** Events replayed (those known at `until`). */
  events: number;
  /** The state of every stream whose category has a registered decider, after its events. */
  states: Map<string, unknown>;
  /** Events and streams per stream category, with whether the category could be folded. */
  categories: Map<string, { events: number; streams: number; folded: boolean }>;
  /** The last event replayed. */
  last: RecordedEvent | null;
}

/**
 * Folds the log as it was known at an instant, with the registered deciders' `evolve`: the
 * reference the read models' `asOf` answers are compared with. By recording time the whole log is
 * read (an event recorded earlier may have a later position); by position it stops there.
 */
export async function replayLog(store: EventStore, options: ReplayOptions): Promise<ReplayResult> {
  const folds = options.folds ?? streamDeciders;
  const states = new Map<string, unknown>();
  const streams = new Map<string, Set<string>>();
  const categories = new Map<string, { events: number; streams: number; folded: boolean }>();
  let replayed = 0;
  let read = 0;
  let last: RecordedEvent | null = null;
  const source = options.log
    ? options.log.filter((e) => options.streamId === undefined || e.streamId === options.streamId)
    : options.streamId
    ? store.readStream(options.streamId)
    : store.readAll('position' in options.until ? { until: options.until.position } : {});
  for await (const event of source) {
    read++;
    if (read % 250 === 0) options.onProgress?.(read);
    if (!recordedBy(event, options.until)) continue;
    replayed++;
    last = event;
    options.onEvent?.(event);
    const category = streamCategory(event.streamId);
    const fold = folds.get(category);
    const entry = categories.get(category) ?? { events: 0, streams: 0, folded: fold !== undefined };
    entry.events++;
    const seen = streams.get(category) ?? new Set<string>();
    if (!seen.has(event.streamId)) {
      seen.add(event.streamId);
      entry.streams++;
    }
    streams.set(category, seen);
    categories.set(category, entry);
    if (fold) states.set(event.streamId, fold.evolve(states.get(event.streamId) ?? fold.initialState, { type: event.type, data: event.data }));
  }
  options.onProgress?.(read);
  return { events: replayed, states, categories, last };
}
