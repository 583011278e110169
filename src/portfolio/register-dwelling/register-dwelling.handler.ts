import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { RegisterDwellingCommand } from './register-dwelling.command.js';

@CommandHandler(RegisterDwellingCommand)
export class RegisterDwellingHandler implements ICommandHandler<RegisterDwellingCommand, CommandResult> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  execute(command: RegisterDwellingCommand): Promise<CommandResult> {
    return this.executor.execute(dwellingDecider, dwellingStreamId(command.payload.dwellingId), command.payload, command.context);
  }
}
