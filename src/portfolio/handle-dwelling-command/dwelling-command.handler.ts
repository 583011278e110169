import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { osloToday } from '../../graphql/oslo-date.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { nameBasedUuid } from '../../shared-kernel/uuid.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import { unitInPortfolio } from '../dwelling/dwelling.errors.js';
import type { DwellingState } from '../dwelling/dwelling.state.js';
import { DwellingReadModel } from '../dwelling-read-model.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { claimDwellingUnit, entryDwellingId, type FindDwellingsOfUnit } from '../unit-claim/claim-dwelling-unit.js';
import { dwellingUnitText } from '../unit-claim/dwelling-unit.js';
import { unitClaimOf, withRecordedOn } from '../unit-claim/unit-claim-of.js';
import { DwellingCommandMessage } from './dwelling-command.message.js';

/**
 * Load the dwelling's stream → decide → append with the expected revision (retried on a concurrent write).
 *
 * A command that brings a unit into the portfolio (a registration, an acquisition, a correction of
 * the matrikkel number or bruksenhetsnummer) is decided first on the dwelling as it is, and only
 * when it passes is the unit claimed (unit-claim/): a unit held by another dwelling in the
 * portfolio is refused as DWELLING_EXISTS with nothing appended. The claim is written before the
 * dwelling's events, so two registrations of one unit at the same moment cannot both pass.
 * A registration or acquisition is recorded today (in Norway): the decider refuses one dated later.
 */
@CommandHandler(DwellingCommandMessage)
export class DwellingCommandHandler implements ICommandHandler<DwellingCommandMessage, CommandResult<DwellingState>> {
  private readonly findDwellingsOfUnit: FindDwellingsOfUnit;

  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(DwellingReadModel) dwellings: DwellingReadModel,
  ) {
    this.findDwellingsOfUnit = (unit) => dwellings.idsInPortfolioAtUnit(unit);
  }

  async execute(message: DwellingCommandMessage): Promise<CommandResult<DwellingState>> {
    let command: DwellingCommand = withRecordedOn(message.payload, osloToday());
    if (message.dwellingIdFromUnit) command = await this.withDerivedId(command);
    const streamId = dwellingStreamId(command.dwellingId);
    const claim = await unitClaimOf(this.executor, command, message.expectedRevision);
    if (claim) await claimDwellingUnit(this.executor, claim, message.context, this.findDwellingsOfUnit);
    return this.executor.execute(dwellingDecider, streamId, command, message.context, { expectedRevision: message.expectedRevision });
  }

  /** The id of a registration or acquisition given without one, once its fields pass (so the unit is a valid one). */
  private async withDerivedId(command: DwellingCommand): Promise<DwellingCommand> {
    if (command.type !== 'RegisterDwelling' && command.type !== 'AcquireDwelling') return command;
    const checked = { ...command, dwellingId: STAND_IN_ID };
    let entered;
    try {
      [entered] = dwellingDecider.decide({ ...checked, source: null }, dwellingDecider.initialState);
    } catch (error) {
      // A field at fault: the executor refuses the command as always (on the stand-in's empty stream, writing nothing).
      if (error instanceof DomainError) return checked;
      throw error;
    }
    if (entered?.type !== 'DwellingRegistered' && entered?.type !== 'DwellingAcquired') return checked;
    const { dwellingId, standing } = await entryDwellingId(this.executor, entered.data);
    // Sent again (the unit's dwelling is in the portfolio under the id derived for it): the same refusal as under any other id.
    if (standing?.enteredPortfolioOn) throw unitInPortfolio('bruksenhetsnummer', dwellingUnitText(entered.data), dwellingId, standing.enteredPortfolioOn);
    return { ...command, dwellingId };
  }
}

/** Only to check a command's fields before its id is derived; a command refused under it writes nothing. */
const STAND_IN_ID = nameBasedUuid('boligbok:dwelling-id-not-given');
