/**
 * KOSTRA form 13 ("Kommunalt disponerte boliger", per 31.12) with Husbanken's section, for one
 * municipality and year, as of one log position. Every figure is defined in
 * README.md. The content is serialised as canonical JSON (canonical-json.ts): the
 * same year, municipality and position always give the same bytes and the same hash.
 *
 * Format versions: 1, the first; 2 adds `contracts.security`. Reports are computed in the newest
 * format; a stored report keeps the format it was stored in (`StoredKostraReportContent`).
 */
export interface KostraReport {
  report: 'KOSTRA-13';
  formatVersion: 2;
  year: number;
  /** Kommunenummer, 4 digits. */
  municipality: string;
  /** The day the stock, waiting list and contracts are counted at the end of: 31.12 of the year. */
  referenceDate: string;
  /** The log position the report is computed as of (a decimal string: positions are 64-bit). */
  position: string;
  /**
   * Applications and the waiting list carry no municipality: they belong to the installation's
   * municipality (MUNICIPALITY_NUMBER, else the register's). For any other municipality those
   * figures are null.
   */
  applicantMunicipality: string | null;
  stock: {
    total: number;
    municipallyOwned: number;
    privatelyOwnedWithAllocationRight: number;
    wheelchairAccessible: number;
    /** Per cent of total, one decimal (half up); null when total is 0. */
    wheelchairAccessibleSharePercent: number | null;
    enteredDuringYear: number;
    soldDuringYear: number;
    leaseInsEndedDuringYear: number;
  };
  applications: {
    newReceived: number | null;
    newRefused: number | null;
    swapOrExtensionReceived: number | null;
    swapOrExtensionRefused: number | null;
    refusalsReversedOnAppeal: number | null;
  };
  moveIns: {
    newlyMovedInHouseholds: number;
    refugees: number;
    substanceAbuseOrMentalIllness: number;
    movesWithinStock: number;
  };
  waitingList: {
    total: number | null;
    needingAdaptedDwelling: number | null;
    substanceAbuseOrMentalIllness: number | null;
    other: number | null;
    swapRequestsWaiting: number | null;
  };
  contracts: {
    leasesInForce: number;
    shortTerm: number;
    temporaryHousing: number;
    /** The same leases by the security for the rent recorded when signed: each in exactly one of deposit, guarantee, none. */
    security: {
      deposit: number;
      /** `leases` = nav + municipality + private. */
      guarantee: { leases: number; nav: number; municipality: number; private: number };
      none: number;
    };
  };
  husbanken: {
    acquiredWithGrant: { dwellings: number; grantAmount: number };
    grantsGivenDuringYear: { grants: number; amount: number };
    sold: { dwellings: number; withRepayment: number; repaymentAmount: number; withHusbankenConsent: number; toSittingTenant: number };
    outstandingGrantBalance: number;
    tenantsIntoOwnership: { households: number; boughtRentedDwelling: number; boughtOnMarket: number };
    startlan: { loans: number; amount: number };
    evictions: number;
  };
}

/** A report as stored in format 1: as format 2, without `contracts.security`. */
export type KostraReportFormat1 = Omit<KostraReport, 'formatVersion' | 'contracts'> & {
  formatVersion: 1;
  contracts: Omit<KostraReport['contracts'], 'security'>;
};

/** The content of a stored report, in the format it was stored in (stored reports are never rewritten). */
export type StoredKostraReportContent = KostraReport | KostraReportFormat1;

/**
 * The figures as named rows, in a fixed order: the CSV format and the GraphQL list use this. A
 * report stored in format 1 gives the rows it had then (no `contracts.security.*`).
 */
export function reportRows(r: StoredKostraReportContent): Array<[string, string]> {
  const v = (x: number | string | null) => (x === null ? '' : String(x));
  return [
    ['report', r.report],
    ['format_version', v(r.formatVersion)],
    ['year', v(r.year)],
    ['municipality', r.municipality],
    ['reference_date', r.referenceDate],
    ['position', r.position],
    ['applicant_municipality', v(r.applicantMunicipality)],
    ['stock.total', v(r.stock.total)],
    ['stock.municipally_owned', v(r.stock.municipallyOwned)],
    ['stock.privately_owned_with_allocation_right', v(r.stock.privatelyOwnedWithAllocationRight)],
    ['stock.wheelchair_accessible', v(r.stock.wheelchairAccessible)],
    ['stock.wheelchair_accessible_share_percent', v(r.stock.wheelchairAccessibleSharePercent)],
    ['stock.entered_during_year', v(r.stock.enteredDuringYear)],
    ['stock.sold_during_year', v(r.stock.soldDuringYear)],
    ['stock.lease_ins_ended_during_year', v(r.stock.leaseInsEndedDuringYear)],
    ['applications.new_received', v(r.applications.newReceived)],
    ['applications.new_refused', v(r.applications.newRefused)],
    ['applications.swap_or_extension_received', v(r.applications.swapOrExtensionReceived)],
    ['applications.swap_or_extension_refused', v(r.applications.swapOrExtensionRefused)],
    ['applications.refusals_reversed_on_appeal', v(r.applications.refusalsReversedOnAppeal)],
    ['move_ins.newly_moved_in_households', v(r.moveIns.newlyMovedInHouseholds)],
    ['move_ins.refugees', v(r.moveIns.refugees)],
    ['move_ins.substance_abuse_or_mental_illness', v(r.moveIns.substanceAbuseOrMentalIllness)],
    ['move_ins.moves_within_stock', v(r.moveIns.movesWithinStock)],
    ['waiting_list.total', v(r.waitingList.total)],
    ['waiting_list.needing_adapted_dwelling', v(r.waitingList.needingAdaptedDwelling)],
    ['waiting_list.substance_abuse_or_mental_illness', v(r.waitingList.substanceAbuseOrMentalIllness)],
    ['waiting_list.other', v(r.waitingList.other)],
    ['waiting_list.swap_requests_waiting', v(r.waitingList.swapRequestsWaiting)],
    ['contracts.leases_in_force', v(r.contracts.leasesInForce)],
    ['contracts.short_term', v(r.contracts.shortTerm)],
    ['contracts.temporary_housing', v(r.contracts.temporaryHousing)],
    ...securityRows(r),
    ['husbanken.acquired_with_grant.dwellings', v(r.husbanken.acquiredWithGrant.dwellings)],
    ['husbanken.acquired_with_grant.grant_amount', v(r.husbanken.acquiredWithGrant.grantAmount)],
    ['husbanken.grants_given_during_year.grants', v(r.husbanken.grantsGivenDuringYear.grants)],
    ['husbanken.grants_given_during_year.amount', v(r.husbanken.grantsGivenDuringYear.amount)],
    ['husbanken.sold.dwellings', v(r.husbanken.sold.dwellings)],
    ['husbanken.sold.with_repayment', v(r.husbanken.sold.withRepayment)],
    ['husbanken.sold.repayment_amount', v(r.husbanken.sold.repaymentAmount)],
    ['husbanken.sold.with_husbanken_consent', v(r.husbanken.sold.withHusbankenConsent)],
    ['husbanken.sold.to_sitting_tenant', v(r.husbanken.sold.toSittingTenant)],
    ['husbanken.outstanding_grant_balance', v(r.husbanken.outstandingGrantBalance)],
    ['husbanken.tenants_into_ownership.households', v(r.husbanken.tenantsIntoOwnership.households)],
    ['husbanken.tenants_into_ownership.bought_rented_dwelling', v(r.husbanken.tenantsIntoOwnership.boughtRentedDwelling)],
    ['husbanken.tenants_into_ownership.bought_on_market', v(r.husbanken.tenantsIntoOwnership.boughtOnMarket)],
    ['husbanken.startlan.loans', v(r.husbanken.startlan.loans)],
    ['husbanken.startlan.amount', v(r.husbanken.startlan.amount)],
    ['husbanken.evictions', v(r.husbanken.evictions)],
  ];
}

function securityRows(r: StoredKostraReportContent): Array<[string, string]> {
  if (r.formatVersion === 1) return [];
  const s = r.contracts.security;
  return [
    ['contracts.security.deposit', String(s.deposit)],
    ['contracts.security.guarantee.leases', String(s.guarantee.leases)],
    ['contracts.security.guarantee.nav', String(s.guarantee.nav)],
    ['contracts.security.guarantee.municipality', String(s.guarantee.municipality)],
    ['contracts.security.guarantee.private', String(s.guarantee.private)],
    ['contracts.security.none', String(s.none)],
  ];
}
