import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { applicationDecider } from '../application/application.decider.js';
import type { ApplicationState } from '../application/application.state.js';
import { applicationStreamId } from '../application-stream.js';
import { ApplicationCommandMessage } from './application-command.message.js';

/** Load the application's stream → decide → append with the expected revision (retried on a concurrent write). */
@CommandHandler(ApplicationCommandMessage)
export class ApplicationCommandHandler implements ICommandHandler<ApplicationCommandMessage, CommandResult<ApplicationState>> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  execute(message: ApplicationCommandMessage): Promise<CommandResult<ApplicationState>> {
    return this.executor.execute(applicationDecider, applicationStreamId(message.payload.applicationId), message.payload, message.context, {
      expectedRevision: message.expectedRevision,
    });
  }
}
