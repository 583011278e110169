import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { eventSubjectId, redactedEventData } from './event-data-redaction.js';

/** The GraphQL shape of an event (EventRecord); `label`, `causes` and `causeChain` are resolved on demand. */
export function eventRecordNode(event: RecordedEvent) {
  const { data, redacted } = redactedEventData(event);
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
    data: JSON.stringify(data),
    /** The whole data, only where `data` left something out (a @personalData field). */
    personalData: redacted ? JSON.stringify(event.data) : null,
    subjectId: eventSubjectId(event),
  };
}

export type EventRecordNode = ReturnType<typeof eventRecordNode>;
