/**
 * What a generated history looks like: which municipalities, how many dwellings each, and the
 * yearly rates of what happens to dwellings, applications and tenancies. Sizes and rates follow
 * /shared/DOMAIN.md ("Sizes for realistic data"); where it gives no figure the rate is a plausible
 * assumption, marked so here and in README.md.
 */
export interface MunicipalityProfile {
  kommunenummer: string;
  name: string;
  /** Dwellings the municipality disposes of at the start of the history. */
  dwellings: number;
  districts: string[];
  postalCode: string; // the first postal code; dwellings get codes counted up from it
  postalTown: string;
}

export interface GeneratorRates {
  /** DOMAIN.md: about 80 % municipally owned (itself or its property company); the rest leased in. */
  municipallyOwnedShare: number;
  /** Of the owned dwellings, the share held by the property company (Oslo: Boligbygg Oslo KF holds all). */
  propertyCompanyShare: number;
  /** DOMAIN.md: about half wheelchair-accessible. */
  wheelchairAccessibleShare: number;
  /** Let when the history starts (assumption: 90 %, a typical occupancy). */
  initialOccupancy: number;
  /** DOMAIN.md: about 38,000 applications a year for 115,600 dwellings, so 0.33 per dwelling a year. */
  applicationsPerDwellingYear: number;
  /** DOMAIN.md: about a third refused. */
  refusalShare: number;
  /** Share of new applications from households not yet in municipal housing (the rest ask to swap). Assumption. */
  newApplicationShare: number;
  /** Assumptions: 15 % of refusals appealed, 20 % of appeals reversed. */
  appealShare: number;
  appealReversalShare: number;
  /** Approved households withdrawing, per month (assumption). */
  withdrawalPerMonth: number;
  /** How long an approval lasts (ApplicationsPolicy default 12), and the share renewed when it runs out. */
  approvalValidityMonths: number;
  renewalShare: number;
  /** Answers to offers (assumption): accept, decline, the rest let the offer expire. */
  offerAcceptShare: number;
  offerDeclineShare: number;
  /** Tenancies ending each year (assumption: about 12 %, a mean stay of 8 years). */
  moveOutPerTenancyYear: number;
  /** Evictions (fravikelse) per tenancy a year (assumption: 0.5 %); recorded as ended tenancies. */
  evictionPerTenancyYear: number;
  /** Deaths of the tenant per tenancy a year (assumption: 0.4 %). */
  deathPerTenancyYear: number;
  /** Share of tenants moving out who give notice first (§ 9-6, three months); the rest end by agreement (assumption). */
  tenantNoticeShare: number;
  /** Transitions started to buy the rented dwelling, per let dwelling with rent-to-own potential a year (assumption; with the market purchases about 1 % of tenancies a year start the way to ownership). */
  tenantPurchasePerYear: number;
  /** Transitions started to buy a dwelling on the market, per tenancy a year (assumption). */
  marketPurchasePerTenancyYear: number;
  /** Share of transitions abandoned at the financing step (assumption). */
  transitionAbandonShare: number;
  /** Share of transitions whose plan changes after the financial counselling (assumption). */
  transitionPlanChangeShare: number;
  /** Share of new leases in ordinary dwellings let short-term under husleieloven § 11-1 (assumption). */
  shortTermShare: number;
  /** DOMAIN.md: about 600 sold a year nationally (2012), 0.5 % of the stock, mostly poor stock. */
  salesPerDwellingYear: number;
  /** New dwellings acquired per dwelling a year (assumption: 1.2 %, so the stock grows slightly). */
  acquisitionsPerDwellingYear: number;
  /** Condition assessments per dwelling a year (assumption: every 5 years). */
  assessmentsPerDwellingYear: number;
  /** Allocation committee meetings per month. */
  meetingsPerMonth: number;
}

export interface GeneratorProfile {
  name: ProfileName;
  municipalities: MunicipalityProfile[];
  rates: GeneratorRates;
}

export const PROFILE_NAMES = ['kristiansund', 'oslo', 'national'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const DEFAULT_RATES: GeneratorRates = {
  municipallyOwnedShare: 0.8,
  propertyCompanyShare: 0.3,
  wheelchairAccessibleShare: 0.5,
  initialOccupancy: 0.9,
  applicationsPerDwellingYear: 38_000 / 115_600,
  refusalShare: 1 / 3,
  newApplicationShare: 0.85,
  appealShare: 0.15,
  appealReversalShare: 0.2,
  withdrawalPerMonth: 0.01,
  approvalValidityMonths: 12,
  renewalShare: 0.6,
  offerAcceptShare: 0.75,
  offerDeclineShare: 0.18,
  moveOutPerTenancyYear: 0.12,
  evictionPerTenancyYear: 0.005,
  deathPerTenancyYear: 0.004,
  tenantNoticeShare: 0.75,
  tenantPurchasePerYear: 0.04,
  marketPurchasePerTenancyYear: 0.005,
  transitionAbandonShare: 0.25,
  transitionPlanChangeShare: 0.15,
  shortTermShare: 0.15,
  salesPerDwellingYear: 0.005,
  acquisitionsPerDwellingYear: 0.012,
  assessmentsPerDwellingYear: 0.2,
  meetingsPerMonth: 2,
};

const KRISTIANSUND: MunicipalityProfile = {
  kommunenummer: '1505',
  name: 'Kristiansund',
  dwellings: 600, // DOMAIN.md: Kristiansund manages about 600 units
  districts: ['Kirkelandet', 'Nordlandet', 'Innlandet', 'Gomalandet', 'Frei', 'Rensvik'],
  postalCode: '6501',
  postalTown: 'Kristiansund',
};

const OSLO: MunicipalityProfile = {
  kommunenummer: '0301',
  name: 'Oslo',
  dwellings: 14_000, // DOMAIN.md: about 14,000 disposed dwellings
  districts: [
    'Gamle Oslo', 'Grünerløkka', 'Sagene', 'St. Hanshaugen', 'Frogner', 'Ullern', 'Vestre Aker', 'Nordre Aker',
    'Bjerke', 'Grorud', 'Stovner', 'Alna', 'Østensjø', 'Nordstrand', 'Søndre Nordstrand',
  ],
  postalCode: '0150',
  postalTown: 'Oslo',
};

/** Large municipalities with their approximate stock (assumption, scaled so the nation sums to 115,600). */
const NAMED: MunicipalityProfile[] = [
  OSLO,
  { kommunenummer: '4601', name: 'Bergen', dwellings: 5_500, districts: ['Bergenhus', 'Årstad', 'Fana', 'Laksevåg', 'Fyllingsdalen', 'Åsane', 'Arna', 'Ytrebygda'], postalCode: '5003', postalTown: 'Bergen' },
  { kommunenummer: '5001', name: 'Trondheim', dwellings: 4_400, districts: ['Midtbyen', 'Østbyen', 'Lerkendal', 'Heimdal'], postalCode: '7011', postalTown: 'Trondheim' },
  { kommunenummer: '1103', name: 'Stavanger', dwellings: 2_600, districts: ['Storhaug', 'Hillevåg', 'Hinna', 'Madla', 'Tasta', 'Eiganes og Våland'], postalCode: '4005', postalTown: 'Stavanger' },
  { kommunenummer: '4204', name: 'Kristiansand', dwellings: 2_300, districts: ['Kvadraturen', 'Lund', 'Vågsbygd', 'Randesund'], postalCode: '4610', postalTown: 'Kristiansand' },
  { kommunenummer: '5501', name: 'Tromsø', dwellings: 1_600, districts: ['Tromsøya', 'Tromsdalen', 'Kvaløya'], postalCode: '9008', postalTown: 'Tromsø' },
  { kommunenummer: '3405', name: 'Lillehammer', dwellings: 700, districts: ['Sentrum', 'Nordre ål', 'Søre ål', 'Vingrom'], postalCode: '2609', postalTown: 'Lillehammer' },
  KRISTIANSUND,
];

const NATIONAL_DWELLINGS = 115_600; // DOMAIN.md, 2023
const NATIONAL_MUNICIPALITIES = 356;

export function profileByName(name: string): GeneratorProfile {
  switch (name) {
    case 'kristiansund':
      return { name, municipalities: [KRISTIANSUND], rates: DEFAULT_RATES };
    case 'oslo':
      // Boligbygg Oslo KF owns Oslo's municipal dwellings: the property company holds them all.
      return { name, municipalities: [OSLO], rates: { ...DEFAULT_RATES, propertyCompanyShare: 1 } };
    case 'national':
      return { name, municipalities: nationalMunicipalities(), rates: DEFAULT_RATES };
    default:
      throw new Error(`unknown profile '${name}'; choose one of ${PROFILE_NAMES.join(', ')}`);
  }
}

/**
 * 356 municipalities: the named large ones, and the rest with a long-tailed size distribution
 * (rank^-0.9, at least 10 dwellings) scaled so the nation has about 115,600. Their numbers are
 * synthetic four-digit kommunenummer within real county prefixes, named "Kommune <nr>".
 */
function nationalMunicipalities(): MunicipalityProfile[] {
  const named = NAMED.reduce((sum, m) => sum + m.dwellings, 0);
  const rest = NATIONAL_MUNICIPALITIES - NAMED.length;
  const weights = Array.from({ length: rest }, (_, i) => 1 / Math.pow(i + 8, 0.9));
  const total = weights.reduce((a, b) => a + b, 0);
  const taken = new Set(NAMED.map((m) => m.kommunenummer));
  const prefixes = ['31', '32', '33', '34', '39', '40', '42', '46', '11', '15', '18', '50', '55', '56'];
  const out = [...NAMED];
  let n = 0;
  for (let i = 0; i < rest; i++) {
    let kommunenummer: string;
    do {
      kommunenummer = `${prefixes[n % prefixes.length]}${String(1 + Math.floor(n / prefixes.length)).padStart(2, '0')}`;
      n++;
    } while (taken.has(kommunenummer));
    taken.add(kommunenummer);
    out.push({
      kommunenummer,
      name: `Kommune ${kommunenummer}`,
      dwellings: Math.max(10, Math.round(((NATIONAL_DWELLINGS - named) * weights[i]!) / total)),
      districts: ['Sentrum', 'Nord', 'Sør', 'Øst', 'Vest'],
      postalCode: String(1000 + ((i * 37) % 8900)).padStart(4, '0'),
      postalTown: `Kommune ${kommunenummer}`,
    });
  }
  return out;
}
