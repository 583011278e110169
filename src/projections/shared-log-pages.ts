import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { AllPage } from '../event-store/event-store.port.js';

/** A page for one projection; `full` when the whole log page was full, i.e. more of the log may follow at once. */
export interface SharedPage extends AllPage {
  full: boolean;
}

/**
 * Pages of the whole log (unfiltered) recently read by one projection building from the log, kept
 * for the others: when several read models are built at once (a first start, `projections rebuild`
 * of all), each page is read and decoded once instead of once per read model. A page read below the
 * log's visibility bound never changes, so handing it out later is exact. A projection that only
 * wants some event types takes its events from the page and moves on to the page's end.
 *
 * Pages are kept by their start position; at most `capacity` of them (the oldest go first), so the
 * memory held stays bounded whatever the log's size: a read model that falls further behind than
 * that reads from the log itself.
 */
export class SharedLogPages {
  private readonly pages = new Map<string, { page: AllPage; limit: number }>();
  private readonly reading = new Map<string, Promise<AllPage>>();

  constructor(private readonly capacity: number) {}

  /**
   * The page of up to `limit` events after `after`, filtered to `eventTypes` if given; `read` fetches
   * the unfiltered page when no projection has read it yet (concurrent callers share that read).
   */
  async page(after: bigint, limit: number, eventTypes: readonly string[] | undefined, read: () => Promise<AllPage>): Promise<SharedPage> {
    const key = after.toString();
    const cached = this.pages.get(key);
    let page: AllPage;
    if (cached && cached.limit === limit) {
      page = cached.page;
    } else {
      let pending = this.reading.get(key);
      if (!pending) {
        pending = read();
        this.reading.set(key, pending);
        pending
          .then((p) => {
            // Only a full page is kept: a short one ends at the head and the log may have grown since.
            if (p.events.length === limit) this.keep(key, p, limit);
          })
          .catch(() => undefined)
          .finally(() => this.reading.delete(key));
      }
      page = await pending;
    }
    const full = page.events.length === limit;
    if (!eventTypes) return { ...page, full };
    const wanted = new Set(eventTypes);
    const events: RecordedEvent[] = page.events.filter((e) => wanted.has(e.type));
    return { events, scannedTo: page.scannedTo, full };
  }

  clear(): void {
    this.pages.clear();
  }

  private keep(key: string, page: AllPage, limit: number): void {
    this.pages.set(key, { page, limit });
    while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
  }
}
