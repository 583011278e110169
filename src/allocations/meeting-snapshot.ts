import type { CommitteeMeetingState } from './committee-meeting/committee-meeting.state.js';

/** What an offer needs to know of the meeting it is decided in, read by the handler from the CommitteeMeeting aggregate. */
export interface MeetingSnapshot {
  meetingId: string;
  heldOn: string;
  status: 'open' | 'closed';
}

/** Null when the meeting was never convened (the handler reports it not found). */
export function meetingSnapshot(state: CommitteeMeetingState): MeetingSnapshot | null {
  return state.status === 'none' ? null : { meetingId: state.meetingId, heldOn: state.heldOn, status: state.status };
}
