import { describeExpected, type ExpectedRevision } from './expected-revision.js';

/** The stream was not in the state the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `stream ${streamId}: expected ${describeExpected(expected)}, but the stream is at ${
        actual === 'no_stream' ? 'no_stream' : `revision ${actual}`
      }`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id was re-sent with different content: a retry must resend exactly the same events. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string, detail: string) {
    super(`event id ${eventId} is already stored with different content (${detail})`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The append itself is malformed (empty stream id, no events, bad ids). */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
