import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import type { DwellingState } from '../dwelling/dwelling.state.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { DwellingCommandMessage } from './dwelling-command.message.js';

/** Load the dwelling's stream → decide → append with the expected revision (retried on a concurrent write). */
@CommandHandler(DwellingCommandMessage)
export class DwellingCommandHandler implements ICommandHandler<DwellingCommandMessage, CommandResult<DwellingState>> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  execute(message: DwellingCommandMessage): Promise<CommandResult<DwellingState>> {
    return this.executor.execute(dwellingDecider, dwellingStreamId(message.payload.dwellingId), message.payload, message.context, {
      expectedRevision: message.expectedRevision,
    });
  }
}
