import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { committeeMeetingDecider } from '../committee-meeting/committee-meeting.decider.js';
import type { CommitteeMeetingState } from '../committee-meeting/committee-meeting.state.js';
import { meetingStreamId } from '../meeting-stream.js';
import { MeetingCommandMessage } from './meeting-command.message.js';

/** Load the meeting's minutes → decide → append (retried on a concurrent write). */
@CommandHandler(MeetingCommandMessage)
export class MeetingCommandHandler implements ICommandHandler<MeetingCommandMessage, CommandResult<CommitteeMeetingState>> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  execute(message: MeetingCommandMessage): Promise<CommandResult<CommitteeMeetingState>> {
    return this.executor.execute(committeeMeetingDecider, meetingStreamId(message.payload.meetingId), message.payload, message.context);
  }
}
