import { fromGraphqlEnum } from '../graphql/enum-mapping.js';
import type { DwellingDescription, DwellingType, Ownership } from './dwelling/dwelling-description.js';

export interface MatrikkelInput {
  kommunenummer: string;
  gardsnummer: number;
  bruksnummer: number;
  festenummer?: number | null;
  seksjonsnummer?: number | null;
}

export interface DwellingDescriptionInput {
  matrikkel: MatrikkelInput;
  bruksenhetsnummer: string;
  address: { street: string; postalCode: string; postalTown: string };
  district: string;
  dwellingType: string;
  rooms: number;
  bedrooms: number;
  primaryAreaM2: number;
  floor: number;
  wheelchairAccessible: boolean;
  universallyDesigned: boolean;
  sharedLiving: boolean;
  rentToOwnPotential: boolean;
  ownership: string;
  leaseInEndDate?: string | null;
}

function matrikkel(input: MatrikkelInput): DwellingDescription['matrikkel'] {
  return {
    kommunenummer: input.kommunenummer,
    gardsnummer: input.gardsnummer,
    bruksnummer: input.bruksnummer,
    festenummer: input.festenummer ?? null,
    seksjonsnummer: input.seksjonsnummer ?? null,
  };
}

/** GraphQL input (UPPER_SNAKE enums, optional nulls) → the decider's description. */
export function toDescription(input: DwellingDescriptionInput): DwellingDescription {
  return {
    matrikkel: matrikkel(input.matrikkel),
    bruksenhetsnummer: input.bruksenhetsnummer,
    address: { street: input.address.street, postalCode: input.address.postalCode, postalTown: input.address.postalTown },
    district: input.district,
    dwellingType: fromGraphqlEnum<DwellingType>(input.dwellingType),
    rooms: input.rooms,
    bedrooms: input.bedrooms,
    primaryAreaM2: input.primaryAreaM2,
    floor: input.floor,
    wheelchairAccessible: input.wheelchairAccessible,
    universallyDesigned: input.universallyDesigned,
    sharedLiving: input.sharedLiving,
    rentToOwnPotential: input.rentToOwnPotential,
    ownership: fromGraphqlEnum<Ownership>(input.ownership),
    leaseInEndDate: input.leaseInEndDate ?? null,
  };
}

/**
 * Only the fields given, enums mapped. An explicit null is passed on: leaseInEndDate: null clears it,
 * and null anywhere else is refused by the decider's rules with the field named.
 */
export function toCorrections(changes: { [K in keyof DwellingDescriptionInput]?: DwellingDescriptionInput[K] | null } | null | undefined): Partial<DwellingDescription> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes ?? {})) {
    if (value === undefined) continue;
    if (value === null) out[field] = null;
    else if (field === 'matrikkel') out[field] = matrikkel(value as MatrikkelInput);
    else if (field === 'address') out[field] = { ...(value as object) };
    else if (field === 'dwellingType' || field === 'ownership') out[field] = fromGraphqlEnum(value as string);
    else out[field] = value;
  }
  return out as Partial<DwellingDescription>;
}
