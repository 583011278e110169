import type { CommitteeDecision } from './committee-decision.js';

/** Every date an ISO calendar date 'YYYY-MM-DD'; `actor` is who records the minutes (e.g. the committee's secretary). */
export type CommitteeMeetingCommand = ConveneMeeting | RecordCommitteeDecision | CloseMeeting;

export interface ConveneMeeting {
  type: 'ConveneMeeting';
  meetingId: string;
  actor: string;
  heldOn: string;
  /** Pseudonymous person ids or role names ('housing-office', 'nav', 'health-and-care', …). */
  members: string[];
  minimumMembers: number; // AllocationPolicy.minimumCommitteeMembers
}

export interface RecordCommitteeDecision {
  type: 'RecordCommitteeDecision';
  meetingId: string;
  actor: string;
  decision: CommitteeDecision;
}

export interface CloseMeeting {
  type: 'CloseMeeting';
  meetingId: string;
  actor: string;
  closedOn: string;
}
