import type { Application, ApplicationState } from '../application/application.state.js';
import type { BackgroundCategory } from '../background-category.js';
import type { HousingSituation } from '../housing-situation.js';
import type { Urgency } from '../urgency.js';

/**
 * What the waiting list needs to know of one household: approved, not housed, no offer out.
 * A read model keeps these rows; `waitingListEntry` derives one from an application's state.
 */
export interface WaitingListEntry {
  applicationId: string;
  urgency: Urgency;
  housingSituation: HousingSituation;
  categories: readonly BackgroundCategory[];
  household: { size: number; children: number };
  needs: { wheelchairAccessible: boolean };
  /** The list date: the approval, or what the list-date rule made of it after a declined or expired offer. */
  waitingSince: string;
}

/** The entry of an application that is on the waiting list now, or null (not approved, offered, housed, closed). */
export function waitingListEntry(state: ApplicationState): WaitingListEntry | null {
  if (state.status !== 'approved') return null;
  const a: Application = state;
  if (!a.waitingSince) return null;
  return {
    applicationId: a.applicationId,
    urgency: a.urgency,
    housingSituation: a.housingSituation,
    categories: a.categories,
    household: { size: a.household.size, children: a.household.children },
    needs: { wheelchairAccessible: a.needs.wheelchairAccessible },
    waitingSince: a.waitingSince,
  };
}
