import { addDays } from '../applications/calendar-arithmetic.js';
import type { Acquisition } from '../portfolio/dwelling/acquisition.js';
import type { ConditionGrade } from '../portfolio/dwelling/condition-grade.js';
import type { DwellingDescription, DwellingType, Ownership } from '../portfolio/dwelling/dwelling-description.js';
import type { GeneratorRates, MunicipalityProfile } from './generator-profile.js';
import type { SeededRandom } from './seeded-random.js';

const STREETS = [
  'Storgata', 'Kirkegata', 'Skolegata', 'Parkveien', 'Fjordveien', 'Bakkeveien', 'Solbakken', 'Haugveien',
  'Granveien', 'Bjørkeveien', 'Furuveien', 'Lindeveien', 'Eikeveien', 'Åsveien', 'Strandgata', 'Jernbanegata',
  'Sjøgata', 'Havnegata', 'Kongens gate', 'Dronningens gate', 'Løkkeveien', 'Myrveien', 'Skogveien', 'Nordre vei',
  'Søndre gate', 'Tollbodgata', 'Fabrikkgata', 'Bryggeveien', 'Holmveien', 'Lerkeveien',
];

/** Kobo: boligtype. A differentiated stock, mostly ordinary dwellings (assumption). */
const TYPE_WEIGHTS: Record<DwellingType, number> = {
  ordinary: 60,
  'ordinary-with-common-areas': 10,
  'care-near-base': 12,
  'care-with-staff-base': 10,
  temporary: 8,
};

/** Condition at the start of the history (assumption): most TG1–TG2, some TG3 (the poor stock), a few not inspected. */
export const INITIAL_GRADE_WEIGHTS: Record<ConditionGrade, number> = { TG0: 10, TG1: 42, TG2: 36, TG3: 9, TGIU: 3 };

/** One building: a property (matrikkel unit) at one address, holding one or more of the municipality's dwellings. */
export interface GeneratedBuilding {
  gardsnummer: number;
  bruksnummer: number;
  street: string;
  postalCode: string;
  district: string;
  units: number;
  floors: number;
  hasCommonType: DwellingType;
  usedUnits: number;
}

export class DwellingFactory {
  private building: GeneratedBuilding | null = null;
  private nextBruksnummer = 1;

  constructor(
    private readonly municipality: MunicipalityProfile,
    private readonly rates: GeneratorRates,
    private readonly random: SeededRandom,
  ) {}

  /** The next dwelling's description: dwellings fill a building (1–12 units, smaller in small places) before a new one starts. */
  describe(ownership: Ownership, leaseInEndDate: string | null): DwellingDescription {
    const r = this.random;
    if (!this.building || this.building.usedUnits >= this.building.units) this.building = this.newBuilding();
    const b = this.building;
    const index = b.usedUnits++;
    const floor = 1 + Math.floor(index / Math.ceil(b.units / b.floors));
    const unitOnFloor = 1 + (index % Math.ceil(b.units / b.floors));
    const dwellingType = b.units > 1 && r.chance(0.7) ? b.hasCommonType : r.weighted(TYPE_WEIGHTS);
    const care = dwellingType === 'care-near-base' || dwellingType === 'care-with-staff-base';
    const bedrooms = care || dwellingType === 'temporary' ? 1 : r.weighted({ 1: 40, 2: 35, 3: 20, 4: 5 } as Record<string, number>);
    const bedroomCount = Number(bedrooms);
    const rooms = bedroomCount + (care ? r.int(0, 1) : 1);
    // Care dwellings (about 22 % of the stock) are mostly accessible; the rest fill up to the profile's share.
    const wheelchairAccessible = r.chance(care ? 0.85 : Math.max(0, (this.rates.wheelchairAccessibleShare - 0.22 * 0.85) / 0.78));
    return {
      matrikkel: {
        kommunenummer: this.municipality.kommunenummer,
        gardsnummer: b.gardsnummer,
        bruksnummer: b.bruksnummer,
        festenummer: null,
        seksjonsnummer: b.units > 1 ? index + 1 : null,
      },
      bruksenhetsnummer: `H${String(floor).padStart(2, '0')}${String(unitOnFloor).padStart(2, '0')}`,
      address: { street: b.street, postalCode: b.postalCode, postalTown: this.municipality.postalTown },
      district: b.district,
      dwellingType,
      rooms,
      bedrooms: bedroomCount,
      primaryAreaM2: Math.round((18 + bedroomCount * 14 + r.int(0, 18)) * 10) / 10,
      floor,
      wheelchairAccessible,
      universallyDesigned: wheelchairAccessible && r.chance(0.6),
      sharedLiving: dwellingType === 'care-with-staff-base' && r.chance(0.4),
      rentToOwnPotential: !care && dwellingType !== 'temporary' && ownership !== 'leased-in' && r.chance(0.15),
      ownership,
      leaseInEndDate,
    };
  }

  ownership(): Ownership {
    const r = this.random;
    if (!r.chance(this.rates.municipallyOwnedShare)) return 'leased-in';
    return r.chance(this.rates.propertyCompanyShare) ? 'property-company' : 'municipal';
  }

  /** How a new dwelling is acquired: bought or built (a third with Husbanken's grant), or leased in. */
  acquisition(ownership: Ownership, on: string, description: DwellingDescription): Acquisition {
    const r = this.random;
    if (ownership === 'leased-in') return { method: 'lease-in', monthlyRent: 100 * r.int(80, 180) };
    const price = 1000 * Math.round((35_000 + 500 * r.int(0, 40)) * description.primaryAreaM2 / 1000);
    const grant = r.chance(0.35)
      ? { amount: 1000 * Math.round((12_700 * Math.min(description.primaryAreaM2, 80) * r.int(20, 40)) / 100 / 1000), grantDate: on, writeDownYears: 30 as const }
      : null;
    const loan = Math.round(price * 0.6);
    return {
      method: r.chance(0.3) ? 'new-build' : 'purchase',
      price,
      financing: { rentalHousingGrant: grant, husbankenLoan: loan, ownFunds: price - loan - (grant?.amount ?? 0) > 0 ? price - loan - (grant?.amount ?? 0) : 0 },
    };
  }

  leaseInEndDate(from: string): string {
    return addDays(from, 365 * this.random.int(3, 10));
  }

  private newBuilding(): GeneratedBuilding {
    const r = this.random;
    const small = this.municipality.dwellings < 2000;
    const units = r.chance(small ? 0.55 : 0.35) ? 1 : r.int(2, small ? 8 : 12);
    const floors = units === 1 ? 1 : Math.min(units, r.int(2, 5));
    return {
      gardsnummer: r.int(1, 400),
      bruksnummer: this.nextBruksnummer++,
      street: `${r.pick(STREETS)} ${r.int(1, 120)}`,
      postalCode: String((Number(this.municipality.postalCode) + r.int(0, 30)) % 10_000).padStart(4, '0'),
      district: r.pick(this.municipality.districts),
      units,
      floors,
      hasCommonType: r.weighted(TYPE_WEIGHTS),
      usedUnits: 0,
    };
  }
}
