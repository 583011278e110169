/** Every committee meeting's minutes live in the stream `meeting-<id>` (category `meeting`). */
export function meetingStreamId(meetingId: string): string {
  return `meeting-${meetingId}`;
}
