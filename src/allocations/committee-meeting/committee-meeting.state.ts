import type { CommitteeDecision } from './committee-decision.js';

export interface NoMeeting {
  status: 'none';
}

/** 'open' while decisions are recorded; 'closed' when the minutes are final. */
export interface CommitteeMeeting {
  status: 'open' | 'closed';
  meetingId: string;
  heldOn: string;
  members: string[];
  decisions: CommitteeDecision[];
  closedOn: string | null;
}

export type CommitteeMeetingState = NoMeeting | CommitteeMeeting;

export const initialState: CommitteeMeetingState = { status: 'none' };
