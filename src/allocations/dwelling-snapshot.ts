import { buildingKey } from '../portfolio/building-key.js';
import type { DwellingType } from '../portfolio/dwelling/dwelling-description.js';
import type { Dwelling, DwellingState, DwellingStatus } from '../portfolio/dwelling/dwelling.state.js';

/**
 * What an allocation needs to know of the dwelling, read by the handler from the Dwelling
 * aggregate just before deciding (deciders do no I/O). The status is checked again when the
 * handler reserves the dwelling in its own stream (with its expected revision): that is what stops
 * two offers of the same dwelling.
 */
export interface DwellingSnapshot {
  dwellingId: string;
  status: DwellingStatus;
  bedrooms: number;
  wheelchairAccessible: boolean; // Kobo: erTilgjengeligForRullestolbruker
  floor: number; // 1 is the first main floor (H01)
  /** A lift to the dwelling's floor. The dwelling description has no such field yet: null when unknown. */
  hasLift: boolean | null;
  dwellingType: DwellingType;
  district: string;
  buildingKey: string; // portfolio/building-key.ts
}

/** The snapshot of a dwelling in the portfolio; null when there is none (the handler reports it not found). */
export function dwellingSnapshot(state: DwellingState, hasLift: boolean | null = null): DwellingSnapshot | null {
  if (state.status === 'unregistered') return null;
  const d: Dwelling = state;
  return {
    dwellingId: d.dwellingId,
    status: d.status,
    bedrooms: d.description.bedrooms,
    wheelchairAccessible: d.description.wheelchairAccessible,
    floor: d.description.floor,
    hasLift,
    dwellingType: d.description.dwellingType,
    district: d.description.district,
    buildingKey: buildingKey(d.description),
  };
}
