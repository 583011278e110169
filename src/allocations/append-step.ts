import { toNewEvents, type CommandContext } from '../event-store/event-envelope.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store/event-store.errors.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import type { DomainEvent } from '../shared-kernel/domain-event.js';
import { nameBasedUuid } from '../shared-kernel/uuid.js';

/**
 * Appends the events one step of a cross-aggregate process decided, with event ids derived from
 * the step's name (e.g. 'offer:<id>:reserve-dwelling'), at the revision the step read.
 *
 * Why: a process touching several streams (offer, dwelling, application) can crash between them.
 * With ids derived from the step, a re-run recognises what it already wrote (the id is in the
 * stream), and an identical re-append is idempotent in the store; with the expected revision, a
 * change by someone else between the read and the write is refused instead of overwritten.
 */
export async function appendStep(
  store: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
  readRevision: bigint,
  context: CommandContext,
  step: string,
): Promise<{ position: bigint | null; revision: bigint }> {
  if (events.length === 0) return { position: null, revision: readRevision };
  const envelopes = toNewEvents(events, { ...context, causationId: context.causationId ?? nameBasedUuid(step) }, store.schemaVersions).map((e, i) => ({
    ...e,
    id: stepEventId(step, i),
  }));
  try {
    const result = await store.append(streamId, envelopes, readRevision === -1n ? 'no_stream' : readRevision);
    return { position: result.position, revision: result.nextRevision };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
      throw new DomainError(
        'CONCURRENT_MODIFICATION',
        `${streamId} was changed by someone else while this step was decided; reload and try again`,
        'CONFLICT',
      );
    }
    throw error;
  }
}

/** The id of the i-th event a step writes; the same on every run of the step. */
export function stepEventId(step: string, index = 0): string {
  return nameBasedUuid(`${step}#${index}`);
}
