import type { RecordedEvent } from '../../event-store/event-envelope.js';

/** The GraphQL shape of an event (EventRecord); `label`, `causes` and `causeChain` are resolved on demand. */
export function eventRecordNode(event: RecordedEvent) {
  return {
    event,
    id: event.id,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    actor: event.metadata.actor,
    role: event.metadata.role,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    data: JSON.stringify(event.data),
  };
}

export type EventRecordNode = ReturnType<typeof eventRecordNode>;
