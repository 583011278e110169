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

/** Only the corrections given; enums mapped, nested objects complete. */
export function toCorrections(input: Partial<DwellingDescriptionInput>): Partial<DwellingDescription> {
  const out: Partial<DwellingDescription> = {};
  for (const [key, value] of Object.entries(input) as Array<[keyof DwellingDescriptionInput, unknown]>) {
    if (value === undefined || (value === null && key !== 'leaseInEndDate')) continue;
    if (key === 'matrikkel') out.matrikkel = matrikkel(value as MatrikkelInput);
    else if (key === 'dwellingType') out.dwellingType = fromGraphqlEnum<DwellingType>(value as string);
    else if (key === 'ownership') out.ownership = fromGraphqlEnum<Ownership>(value as string);
    else (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
