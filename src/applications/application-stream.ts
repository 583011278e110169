/** Every application's events live in the stream `application-<id>` (category `application`). */
export function applicationStreamId(applicationId: string): string {
  return `application-${applicationId}`;
}
