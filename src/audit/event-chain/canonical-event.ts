import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../event-store/event-envelope.js';

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Written with plain loops: it runs for every event behind the appends, on the same CPU.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
    first = false;
  }
  return `${out}}`;
}

/**
 * Everything that identifies an event and its meaning: position, ids, stream, type, data and metadata.
 * The schema version and data are the stored ones, not the upcast shape readers see: registering an
 * upcaster must leave every old event's hash (and so the chain and its anchored head) as it was.
 */
export function canonicalEvent(event: RecordedEvent): string {
  const stored = event.stored;
  return canonicalJson({
    position: event.position.toString(),
    id: event.id,
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    schemaVersion: stored ? stored.schemaVersion : event.schemaVersion,
    data: stored ? stored.data : event.data,
    metadata: event.metadata,
  });
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash(n) = SHA-256(hash(n-1) ‖ canonical event n), hex. */
export function chainHash(previousHash: string, event: RecordedEvent): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalEvent(event)).digest('hex');
}
