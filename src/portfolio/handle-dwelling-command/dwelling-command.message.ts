import type { CommandContext } from '../../event-store/event-envelope.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';

/**
 * Any command on a dwelling, dispatched on the in-process command bus: the GraphQL mutations, the
 * opening-balance import and the property-company sync all go through it.
 */
export class DwellingCommandMessage {
  constructor(
    readonly payload: DwellingCommand,
    readonly context: CommandContext,
    /** The revision the caller last read; refused with STALE_REVISION if the dwelling changed since. */
    readonly expectedRevision?: bigint,
    /**
     * A registration or acquisition given without a dwelling id: the handler derives it from the
     * unit (entryDwellingId), and the payload's dwellingId is not used.
     */
    readonly dwellingIdFromUnit = false,
  ) {}
}
