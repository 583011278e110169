import type { CommandContext } from '../../event-store/event-envelope.js';
import type { RegisterDwelling } from '../dwelling/dwelling.commands.js';

/** Enter an existing dwelling into the register. */
export class RegisterDwellingCommand {
  constructor(
    readonly payload: RegisterDwelling,
    readonly context: CommandContext,
  ) {}
}
