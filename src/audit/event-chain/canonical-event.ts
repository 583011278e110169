import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../event-store/event-envelope.js';

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Everything that identifies an event and its meaning: position, ids, stream, type, data and metadata. */
export function canonicalEvent(event: RecordedEvent): string {
  return canonicalJson({
    position: event.position.toString(),
    id: event.id,
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  });
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash(n) = SHA-256(hash(n-1) ‖ canonical event n), hex. */
export function chainHash(previousHash: string, event: RecordedEvent): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalEvent(event)).digest('hex');
}
