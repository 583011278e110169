import type { Decider } from '../../shared-kernel/decider.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate, requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import { requireId, requireInteger } from '../../portfolio/dwelling/field-rules.js';
import { validateCommitteeDecision } from './committee-decision.js';
import type { CloseMeeting, CommitteeMeetingCommand, ConveneMeeting, RecordCommitteeDecision } from './committee-meeting.commands.js';
import { meetingClosed, meetingExists, meetingNotFound, tooFewMembers } from './committee-meeting.errors.js';
import type { CommitteeMeetingEvent } from './committee-meeting.events.js';
import { initialState, type CommitteeMeeting, type CommitteeMeetingState } from './committee-meeting.state.js';

/**
 * The CommitteeMeeting aggregate: the minutes of one meeting of the allocation committee — its
 * date, its members and the list of its decisions. The rules of an offer are the Offer's
 * (offer/offer.decider.ts), which needs the meeting open; the meeting only records that the
 * decision was taken here, and why households considered got no offer.
 */
export function decide(command: CommitteeMeetingCommand, state: CommitteeMeetingState): CommitteeMeetingEvent[] {
  if (command.type === 'ConveneMeeting') return convene(command, state);
  if (state.status === 'none') throw meetingNotFound(command.meetingId);
  switch (command.type) {
    case 'RecordCommitteeDecision':
      return recordDecision(command, state);
    case 'CloseMeeting':
      return close(command, state);
  }
}

/** A meeting has a date and enough members, each named once (by pseudonymous id or role). */
function convene(c: ConveneMeeting, state: CommitteeMeetingState): CommitteeMeetingEvent[] {
  if (state.status !== 'none') throw meetingExists(state);
  const meetingId = requireId(c.meetingId, 'meetingId');
  const actor = requireId(c.actor, 'actor');
  const heldOn = requireCalendarDate(c.heldOn, 'heldOn');
  const minimum = requireInteger(c.minimumMembers, 'minimumMembers', 1, 50);
  if (!Array.isArray(c.members)) throw new ValidationError('members', 'must be a list of members', 'FIELD_REQUIRED');
  const members = c.members.map((m, i) => requireId(m, `members[${i}]`));
  members.forEach((m, i) => {
    if (members.indexOf(m) !== i) throw new ValidationError(`members[${i}]`, 'names a member already listed', 'DUPLICATE_MEMBER');
  });
  if (members.length < minimum) throw tooFewMembers(members.length, minimum);
  return [{ type: 'MeetingConvened', data: { meetingId, heldOn, members, actor } }];
}

/** A decision is recorded while the meeting is open; the same offer recorded again records nothing. */
function recordDecision(c: RecordCommitteeDecision, m: CommitteeMeeting): CommitteeMeetingEvent[] {
  const actor = requireId(c.actor, 'actor');
  const decision = validateCommitteeDecision(c.decision);
  if (m.status !== 'open') throw meetingClosed(m);
  if (decision.kind === 'offer' && m.decisions.some((d) => d.kind === 'offer' && d.offerId === decision.offerId)) return [];
  return [{ type: 'CommitteeDecisionRecorded', data: { meetingId: m.meetingId, decision, actor } }];
}

function close(c: CloseMeeting, m: CommitteeMeeting): CommitteeMeetingEvent[] {
  const actor = requireId(c.actor, 'actor');
  const closedOn = requireCalendarDate(c.closedOn, 'closedOn');
  if (m.status !== 'open') throw meetingClosed(m);
  requireNotBefore(closedOn, 'closedOn', m.heldOn, 'the meeting');
  return [{ type: 'MeetingClosed', data: { meetingId: m.meetingId, closedOn, decisions: m.decisions.length, actor } }];
}

export function evolve(state: CommitteeMeetingState, event: CommitteeMeetingEvent): CommitteeMeetingState {
  if (event.type === 'MeetingConvened') {
    const { meetingId, heldOn, members } = event.data;
    return { status: 'open', meetingId, heldOn, members, decisions: [], closedOn: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CommitteeDecisionRecorded':
      return { ...state, decisions: [...state.decisions, event.data.decision] };
    case 'MeetingClosed':
      return { ...state, status: 'closed', closedOn: event.data.closedOn };
  }
}

export const committeeMeetingDecider: Decider<CommitteeMeetingCommand, CommitteeMeetingEvent, CommitteeMeetingState> = {
  decide,
  evolve,
  initialState,
};
