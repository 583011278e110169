import type { CommandExecutor } from '../../command-handling/command-executor.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import type { UnitClaimRequest } from './claim-dwelling-unit.js';
import { dwellingUnitName, unitOf } from './dwelling-unit.js';

/**
 * A registration or acquisition as recorded on `today` (the day in Norway, read by the handler):
 * the decider refuses one dated after it. A `recordedOn` already in the command is kept.
 */
export function withRecordedOn(command: DwellingCommand, today: string): DwellingCommand {
  if (command.type !== 'RegisterDwelling' && command.type !== 'AcquireDwelling') return command;
  if (command.recordedOn !== undefined && command.recordedOn !== null) return command;
  return { ...command, recordedOn: today };
}

/**
 * The unit the command brings into the portfolio, if any: decided on the dwelling as it is now, a
 * registration or acquisition brings its unit; a correction that changes the matrikkel number or
 * bruksenhetsnummer brings the unit it corrects to. Null when the dwelling's own rules refuse the
 * command, when it records nothing (a resend from the property company) or when the caller's
 * expected revision is not the dwelling's: no claim is written, and the command itself is then
 * refused or answered as it always was.
 */
export async function unitClaimOf(executor: CommandExecutor, command: DwellingCommand, expectedRevision?: bigint): Promise<UnitClaimRequest | null> {
  const correctsUnit =
    command.type === 'UpdateDwellingDetails' &&
    (command.changes?.matrikkel !== undefined || command.changes?.bruksenhetsnummer !== undefined);
  if (command.type !== 'RegisterDwelling' && command.type !== 'AcquireDwelling' && !correctsUnit) return null;
  const { state, revision } = await executor.load(dwellingDecider, dwellingStreamId(command.dwellingId));
  if (expectedRevision !== undefined && expectedRevision !== revision) return null;
  let events;
  try {
    events = dwellingDecider.decide(command, state);
  } catch (error) {
    // Refused by the dwelling's own rules: no claim; the executor decides again and refuses it as always (and counts it).
    if (error instanceof DomainError) return null;
    throw error;
  }
  for (const event of events) {
    if (event.type === 'DwellingRegistered') {
      return { unit: unitOf(event.data), dwellingId: event.data.dwellingId, claimedOn: event.data.registeredOn, field: 'bruksenhetsnummer' };
    }
    if (event.type === 'DwellingAcquired') {
      return { unit: unitOf(event.data), dwellingId: event.data.dwellingId, claimedOn: event.data.acquiredOn, field: 'bruksenhetsnummer' };
    }
    if (event.type === 'DwellingDetailsUpdated' && state.status !== 'unregistered') {
      const after = events.reduce(dwellingDecider.evolve, state);
      if (after.status === 'unregistered' || dwellingUnitName(after.description) === dwellingUnitName(state.description)) return null;
      const field = event.data.changes.bruksenhetsnummer !== undefined ? 'changes.bruksenhetsnummer' : 'changes.matrikkel';
      return { unit: unitOf(after.description), dwellingId: after.dwellingId, claimedOn: event.data.correctedOn, field };
    }
  }
  return null;
}
