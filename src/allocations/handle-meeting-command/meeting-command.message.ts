import type { CommandContext } from '../../event-store/event-envelope.js';
import type { CommitteeMeetingCommand } from '../committee-meeting/committee-meeting.commands.js';

/** Convening a committee meeting, recording a decision without an offer, closing the minutes. */
export class MeetingCommandMessage {
  constructor(
    readonly payload: CommitteeMeetingCommand,
    readonly context: CommandContext,
  ) {}
}
