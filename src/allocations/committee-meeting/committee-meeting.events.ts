import type { CommitteeDecision } from './committee-decision.js';

/** The minutes of one meeting of the allocation committee (tildelingsutvalg). */
export type CommitteeMeetingEvent = MeetingConvened | CommitteeDecisionRecorded | MeetingClosed;

export interface MeetingConvened {
  type: 'MeetingConvened';
  data: { meetingId: string; heldOn: string; members: string[]; actor: string };
}

export interface CommitteeDecisionRecorded {
  type: 'CommitteeDecisionRecorded';
  data: { meetingId: string; decision: CommitteeDecision; actor: string };
}

export interface MeetingClosed {
  type: 'MeetingClosed';
  data: { meetingId: string; closedOn: string; decisions: number; actor: string };
}
