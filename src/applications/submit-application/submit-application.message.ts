import type { CommandContext } from '../../event-store/event-envelope.js';
import type { SubmitApplication } from '../application/application.commands.js';

/** A new application with its persons' personal data in clear, to be checked and sealed before anything is recorded. */
export class SubmitApplicationMessage {
  constructor(
    readonly payload: SubmitApplication,
    readonly context: CommandContext,
  ) {}
}
