import type { CommandExecutor, CommandResult } from '../../command-handling/command-executor.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { nameBasedUuid } from '../../shared-kernel/uuid.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import { unitDwellingId } from '../import-dwellings/unit-dwelling-id.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { dwellingUnitName, dwellingUnitStreamId, dwellingUnitText, type DwellingUnit } from './dwelling-unit.js';
import { unitClaimDecider, type UnitClaimState, type UnitStanding } from './unit-claim.decider.js';

/**
 * Dwellings the read models know as the unit in the portfolio. Needed only for units with no claim
 * yet: dwellings registered before the claims began (or written by the generator) have none.
 */
export type FindDwellingsOfUnit = (unit: DwellingUnit) => Promise<readonly string[]>;

export interface UnitClaimRequest {
  unit: DwellingUnit;
  dwellingId: string;
  /** The date of the step that brings the unit (registeredOn, acquiredOn, correctedOn). */
  claimedOn: string;
  /** The field of the command that names the unit, for a refusal (e.g. 'bruksenhetsnummer'). */
  field: string;
}

/** How many times a claim is read and decided again after a concurrent claim of the same unit. */
const CLAIM_ATTEMPTS = 5;

/**
 * Whether `dwellingId` is the unit's dwelling in the portfolio now: in the portfolio (not sold, its
 * lease-in not ended) and still that unit (not corrected to another). A dwelling with no events
 * yet is a claim whose registration is not written: it stands, with no date.
 */
export async function standingOf(executor: CommandExecutor, dwellingId: string, unit: DwellingUnit): Promise<UnitStanding | null> {
  const { state } = await executor.load(dwellingDecider, dwellingStreamId(dwellingId));
  if (state.status === 'unregistered') return { dwellingId, enteredPortfolioOn: null };
  if (state.status === 'sold' || state.status === 'lease-in-ended') return null;
  if (dwellingUnitName(state.description) !== dwellingUnitName(unit)) return null;
  return { dwellingId, enteredPortfolioOn: state.enteredPortfolioOn };
}

/**
 * Reads who holds the unit, as far as `dwellingId` is concerned: the claim stream's holder (unless
 * it is `dwellingId` itself, or has left the portfolio or the unit); with no claim at all, a dwelling
 * the read models know as the unit in the portfolio (confirmed on its own stream).
 */
export async function readUnitStanding(
  executor: CommandExecutor,
  unit: DwellingUnit,
  dwellingId: string,
  findDwellingsOfUnit?: FindDwellingsOfUnit,
): Promise<{ state: UnitClaimState; revision: bigint; standing: UnitStanding | null }> {
  const { state, revision } = await executor.load(unitClaimDecider, dwellingUnitStreamId(unit));
  if (state.holder !== null) {
    const standing = state.holder === dwellingId ? null : await standingOf(executor, state.holder, unit);
    return { state, revision, standing };
  }
  for (const other of findDwellingsOfUnit ? await findDwellingsOfUnit(unit) : []) {
    if (other === dwellingId) continue;
    const standing = await standingOf(executor, other, unit);
    if (standing?.enteredPortfolioOn) return { state, revision, standing };
  }
  return { state, revision, standing: null };
}

/**
 * Claims the unit for the dwelling, or refuses with DWELLING_EXISTS naming the dwelling that is the
 * unit in the portfolio. Appended at the revision of the claim stream read, so of two claims of one
 * unit at the same moment only one is written; the other reads again and is refused. Called before
 * the dwelling's own events are appended: a refusal leaves the dwelling's stream as it was.
 */
export async function claimDwellingUnit(
  executor: CommandExecutor,
  request: UnitClaimRequest,
  context: CommandContext,
  findDwellingsOfUnit?: FindDwellingsOfUnit,
): Promise<CommandResult<UnitClaimState>> {
  const streamId = dwellingUnitStreamId(request.unit);
  for (let attempt = 1; ; attempt++) {
    const read = await readUnitStanding(executor, request.unit, request.dwellingId, findDwellingsOfUnit);
    try {
      return await executor.execute(
        unitClaimDecider,
        streamId,
        {
          type: 'ClaimDwellingUnit',
          unit: dwellingUnitName(request.unit),
          unitText: dwellingUnitText(request.unit),
          dwellingId: request.dwellingId,
          claimedOn: request.claimedOn,
          field: request.field,
          holderRead: read.state.holder,
          standing: read.standing,
        },
        context,
        { expectedRevision: read.revision },
      );
    } catch (error) {
      const concurrent = error instanceof DomainError && (error.code === 'STALE_REVISION' || error.code === 'CONCURRENT_MODIFICATION');
      if (!concurrent || attempt >= CLAIM_ATTEMPTS) throw error;
    }
  }
}

/** The most dwellings one unit is expected to have been over time (sold and bought back). */
const MAX_ENTRIES = 1000;

/**
 * The dwelling id of a unit registered or acquired without one: the id the opening-balance import
 * derives from the unit (unit-dwelling-id.ts) for its first entry into the register, and for each
 * later entry (once the dwellings before have left the portfolio, or were corrected to another
 * unit) the same derivation from the unit's name followed by `#2`, `#3`, …. The first id that has
 * no dwelling yet, or whose dwelling is the unit in the portfolio now (a retry, refused as
 * DWELLING_EXISTS naming it), is the one: a request sent again without an id lands on the dwelling
 * the first one registered. A unit claimed by a registration that was cut short before its dwelling
 * was written (whatever its id) is completed under that claim's dwelling id. Returned with the
 * standing of that dwelling: `enteredPortfolioOn` set when it is the unit in the portfolio already.
 */
export async function entryDwellingId(executor: CommandExecutor, unit: DwellingUnit): Promise<{ dwellingId: string; standing: UnitStanding | null }> {
  const { state } = await executor.load(unitClaimDecider, dwellingUnitStreamId(unit));
  if (state.holder !== null) {
    const standing = await standingOf(executor, state.holder, unit);
    if (standing?.enteredPortfolioOn === null) return { dwellingId: state.holder, standing };
  }
  for (let entry = 1; entry <= MAX_ENTRIES; entry++) {
    const id = entry === 1 ? unitDwellingId(unit.matrikkel, unit.bruksenhetsnummer) : nameBasedUuid(`${dwellingUnitName(unit)}#${entry}`);
    const standing = await standingOf(executor, id, unit);
    if (standing !== null) return { dwellingId: id, standing };
  }
  throw new DomainError('DWELLING_EXISTS', `The unit ${dwellingUnitText(unit)} has entered the register ${MAX_ENTRIES} times; give a dwellingId.`, 'CONFLICT', 'dwellingId');
}
