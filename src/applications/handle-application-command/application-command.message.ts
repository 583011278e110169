import type { CommandContext } from '../../event-store/event-envelope.js';
import type { ApplicationCommand } from '../application/application.commands.js';

/** Any command on an application after its submission (decisions, appeals, withdrawal, expiry, renewal). */
export class ApplicationCommandMessage {
  constructor(
    readonly payload: ApplicationCommand,
    readonly context: CommandContext,
    /** The revision the caller last read; refused with STALE_REVISION if the application changed since. */
    readonly expectedRevision?: bigint,
  ) {}
}
