/** A projection stopped at an event it could not apply; the others keep going. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly eventId: string,
    readonly eventType: string,
    readonly reason: string,
  ) {
    super(`projection ${projection} stopped at position ${position} (event ${eventType} ${eventId}): ${reason}`);
    this.name = 'ProjectionFailedError';
  }
}

/** A query asked to wait for a position the read models did not reach in time. */
export class ReadModelTimeoutError extends Error {
  readonly code = 'READ_MODEL_TIMEOUT';
  constructor(readonly position: bigint, readonly timeoutMs: number, readonly behind: string[]) {
    super(
      `read models did not reach position ${position} within ${timeoutMs} ms (behind: ${behind.join(', ')}); retry the query`,
    );
    this.name = 'ReadModelTimeoutError';
  }
}
