import type { CommandContext } from '../../event-store/event-envelope.js';

/** Records the expiry of every approval that has lapsed by `asOf` (time arrives from outside). */
export class ExpireApprovalsMessage {
  constructor(
    readonly asOf: string,
    readonly context: CommandContext,
  ) {}
}
