import type { RecordedEvent } from '../../event-store/event-envelope.js';
import type { ChangeSource } from '../dwelling/change-source.js';
import { publishedData } from './stock-feed-fields.js';

/** A dwelling event as the property company sees it (GraphQL type StockChange). */
export interface StockChangeNode {
  position: bigint;
  dwellingId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  companyReference: string | null;
  companyVersion: number | null;
  /** JSON of the event's published fields (stock-feed-fields.ts). */
  payload: string;
}

const DWELLING_STREAM_PREFIX = 'dwelling-';

export function stockChangeNode(event: RecordedEvent): StockChangeNode {
  const data = (event.data ?? {}) as { dwellingId?: unknown; source?: Partial<ChangeSource> | null };
  const source = data.source && data.source.system === 'property-company' ? data.source : null;
  return {
    position: event.position,
    dwellingId:
      typeof data.dwellingId === 'string' ? data.dwellingId : event.streamId.slice(DWELLING_STREAM_PREFIX.length),
    eventType: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    companyReference: typeof source?.reference === 'string' ? source.reference : null,
    companyVersion: typeof source?.version === 'number' ? source.version : null,
    payload: JSON.stringify(publishedData(event.type, event.data)),
  };
}
