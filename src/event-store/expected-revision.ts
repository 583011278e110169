/**
 * What the writer believes about the stream before appending.
 * - 'any': no check.
 * - 'no_stream': the stream must not exist yet.
 * - 'stream_exists': the stream must have at least one event.
 * - bigint: the stream's last revision must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? `revision ${expected}` : expected;
}
