import type { Decider } from '../../shared-kernel/decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { DomainEvent } from '../../shared-kernel/domain-event.js';
import { unitInPortfolio } from '../dwelling/dwelling.errors.js';

/**
 * A dwelling takes a unit (matrikkel number and bruksenhetsnummer): from now on it is the unit's
 * dwelling in the portfolio. `claimedOn` is the date of the step that brought the unit (registeredOn,
 * acquiredOn, or correctedOn of a correction to this unit). No personal data. The dwelling is
 * named `claimedBy`, not `dwellingId`: the claim belongs to the unit's stream, and the entity
 * histories (which follow `dwellingId`) keep showing a dwelling's own events from its registration on.
 */
export interface DwellingUnitClaimed extends DomainEvent<'DwellingUnitClaimed', { unit: string; claimedBy: string; claimedOn: string }> {}

export type UnitClaimEvent = DwellingUnitClaimed;

/** The dwelling that last claimed the unit (null: no claim yet), and how many claims the unit has had. */
export interface UnitClaimState {
  holder: string | null;
  claims: number;
}

export const initialUnitClaimState: UnitClaimState = { holder: null, claims: 0 };

/**
 * A dwelling that stands in the way of a claim: it is the unit in the portfolio now
 * (`enteredPortfolioOn` set), or its claim is recorded but its registration not yet written
 * (`enteredPortfolioOn` null: in progress, or cut short by a crash).
 */
export interface UnitStanding {
  dwellingId: string;
  enteredPortfolioOn: string | null;
}

/**
 * The claim of a unit by a dwelling about to enter the portfolio as it (or to be corrected to it).
 * What the current holder is now comes from outside (its own stream), read by the handler:
 * `holderRead` is the holder the claim stream named when it was read, `standing` the dwelling that
 * holds the unit now, or null when the unit is free (no claim, or its holder has left the
 * portfolio or was corrected to another unit).
 */
export interface ClaimDwellingUnit {
  type: 'ClaimDwellingUnit';
  unit: string;
  unitText: string;
  dwellingId: string;
  claimedOn: string;
  /** The field of the refused command that names the unit, for the refusal. */
  field: string;
  holderRead: string | null;
  standing: UnitStanding | null;
}

/**
 * One unit, one dwelling in the portfolio. A unit already claimed by this dwelling records nothing
 * (a registration completed after an interruption, or a retry). A unit held by another dwelling in
 * the portfolio, or claimed by one whose registration is not written yet, is refused
 * (DWELLING_EXISTS naming that dwelling). A unit whose dwelling has left the portfolio is free for
 * a new dwelling: a unit sold and bought back is registered or acquired again under a new id.
 */
export function decideUnitClaim(command: ClaimDwellingUnit, state: UnitClaimState): UnitClaimEvent[] {
  if (state.holder === command.dwellingId) return [];
  if (command.holderRead !== state.holder) {
    throw new DomainError('CONCURRENT_MODIFICATION', `The unit ${command.unitText} was claimed by someone else at the same time; try again`, 'CONFLICT');
  }
  const standing = command.standing;
  if (standing !== null && standing.dwellingId !== command.dwellingId) {
    throw unitInPortfolio(command.field, command.unitText, standing.dwellingId, standing.enteredPortfolioOn);
  }
  return [{ type: 'DwellingUnitClaimed', data: { unit: command.unit, claimedBy: command.dwellingId, claimedOn: command.claimedOn } }];
}

export function evolveUnitClaim(state: UnitClaimState, event: UnitClaimEvent): UnitClaimState {
  switch (event.type) {
    case 'DwellingUnitClaimed':
      return { holder: event.data.claimedBy, claims: state.claims + 1 };
  }
  return state;
}

export const unitClaimDecider: Decider<ClaimDwellingUnit, UnitClaimEvent, UnitClaimState> = {
  decide: decideUnitClaim,
  evolve: evolveUnitClaim,
  initialState: initialUnitClaimState,
};
