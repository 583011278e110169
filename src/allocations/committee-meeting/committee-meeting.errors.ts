import { DomainError, NotFoundError, ValidationError } from '../../shared-kernel/domain-error.js';
import type { CommitteeMeeting } from './committee-meeting.state.js';

export const meetingNotFound = (meetingId: string) =>
  new NotFoundError('MEETING_NOT_FOUND', `There is no committee meeting ${meetingId}. Convene the meeting first.`, 'meetingId');

export const meetingExists = (m: CommitteeMeeting) =>
  new DomainError('MEETING_EXISTS', `Committee meeting ${m.meetingId} was already convened for ${m.heldOn}. A new meeting needs a new meeting id.`);

export const meetingClosed = (m: CommitteeMeeting) =>
  new DomainError('MEETING_CLOSED', `Committee meeting ${m.meetingId} of ${m.heldOn} was closed on ${m.closedOn}; its minutes are final. Record the decision in a new meeting.`);

export const tooFewMembers = (count: number, minimum: number) =>
  new ValidationError('members', `must name at least ${minimum} members of the interdisciplinary committee (${count} given)`, 'TOO_FEW_MEMBERS');
