import type { Decider } from '../../shared-kernel/decider.js';
import type { RecordRentalHousingGrant, RegisterDwelling } from '../dwelling/dwelling.commands.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import type { DwellingEvent } from '../dwelling/dwelling.events.js';
import type { DwellingState } from '../dwelling/dwelling.state.js';
import type { RentalHousingGrant } from '../dwelling/rental-housing-grant.js';

/** One dwelling of the opening balance: its registration, and the grant on it when there is one. */
export interface OpeningBalanceEntry {
  registration: RegisterDwelling;
  grant: RentalHousingGrant | null;
}

export function grantCommand(entry: OpeningBalanceEntry, grant: RentalHousingGrant): RecordRentalHousingGrant {
  return { type: 'RecordRentalHousingGrant', dwellingId: entry.registration.dwellingId, grant };
}

/**
 * The Dwelling decider applied to a whole entry: RegisterDwelling, then RecordRentalHousingGrant on
 * the state it leads to, so both events go into the dwelling's stream in one append (a crash can
 * never leave a dwelling registered without the grant its row gave).
 *
 * A dwelling whose stream already has events is already in the log: the entry decides nothing, so
 * importing a file again appends nothing, its grants included.
 */
export function decideOpeningBalance(entry: OpeningBalanceEntry, state: DwellingState): DwellingEvent[] {
  if (state.status !== 'unregistered') return [];
  const registered = dwellingDecider.decide(entry.registration, state);
  if (entry.grant === null) return registered;
  const afterRegistration = registered.reduce(dwellingDecider.evolve, state);
  return [...registered, ...dwellingDecider.decide(grantCommand(entry, entry.grant), afterRegistration)];
}

export const openingBalanceDecider: Decider<OpeningBalanceEntry, DwellingEvent, DwellingState> = {
  decide: decideOpeningBalance,
  evolve: dwellingDecider.evolve,
  initialState: dwellingDecider.initialState,
};
