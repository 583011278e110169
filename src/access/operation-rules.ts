import type { Role } from './roles.js';

/**
 * Who may call what: every root field of the schema (`Query.x`, `Mutation.y`, `Subscription.z`)
 * mapped to the roles allowed. Enforced for every operation, over HTTP and graphql-ws, before any
 * resolver runs (operation-authorization.ts). A root field missing here is refused for everyone,
 * and the matrix test (test/access/operation-rules.spec.ts) fails, so a new operation cannot ship
 * without a decision about who may use it.
 *
 * To add an operation: add one line in its feature's block below, then run
 * `npm run build && node dist/access/write-access-matrix.js` to regenerate the matrix in README.md.
 */

// Groups used below, so each line reads as the decision it is.
const STAFF: readonly Role[] = ['caseworker', 'allocation-committee', 'admin'];
/** Staff and the auditor: everything that is read, personal data included (field-level rules apply). */
const READERS: readonly Role[] = [...STAFF, 'auditor'];
/** The stock (dwellings and buildings): also the property company. */
const STOCK_READERS: readonly Role[] = [...READERS, 'property-company'];
/** Aggregates and reports: also the reporting jobs. */
const REPORT_READERS: readonly Role[] = [...READERS, 'reporting'];
const EVERYONE: readonly Role[] = ['caseworker', 'allocation-committee', 'auditor', 'property-company', 'reporting', 'admin'];
const PORTFOLIO_WRITERS: readonly Role[] = ['caseworker', 'admin'];
const OVERSIGHT: readonly Role[] = ['auditor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** Applications and their decisions: the housing office. */
const APPLICATION_WRITERS: readonly Role[] = ['caseworker', 'admin'];
/** The allocation committee's own decisions: meetings and offers. */
const COMMITTEE: readonly Role[] = ['allocation-committee', 'admin'];

export const operationRules: Readonly<Record<string, readonly Role[]>> = {
  // --- common (schema/common.graphql)
  'Query.node': READERS,
  'Query.projections': OVERSIGHT,
  'Query.logHead': EVERYONE,
  'Mutation.ping': ['caseworker', 'allocation-committee', 'property-company', 'admin'],

  // --- introspection: integrating systems and oversight need the schema; `__typename` is always allowed
  'Query.__schema': ['admin', 'auditor', 'property-company', 'reporting'],
  'Query.__type': ['admin', 'auditor', 'property-company', 'reporting'],

  // --- portfolio (schema/portfolio.graphql)
  'Query.dwelling': STOCK_READERS,
  'Query.dwellings': STOCK_READERS,
  'Query.buildings': STOCK_READERS,
  'Query.portfolioSummary': REPORT_READERS,
  'Query.portfolioLedger': REPORT_READERS,
  'Mutation.registerDwelling': PORTFOLIO_WRITERS,
  'Mutation.acquireDwelling': PORTFOLIO_WRITERS,
  'Mutation.recordRentalHousingGrant': PORTFOLIO_WRITERS,
  'Mutation.recordConditionAssessment': PORTFOLIO_WRITERS,
  'Mutation.startRenovation': PORTFOLIO_WRITERS,
  'Mutation.completeRenovation': PORTFOLIO_WRITERS,
  'Mutation.markDwellingForDisposal': PORTFOLIO_WRITERS,
  'Mutation.cancelDwellingDisposal': PORTFOLIO_WRITERS,
  'Mutation.sellDwelling': PORTFOLIO_WRITERS,
  'Mutation.endLeaseIn': PORTFOLIO_WRITERS,
  'Mutation.correctDwellingDetails': PORTFOLIO_WRITERS,
  'Subscription.dwellingChanged': READERS,

  // --- opening balance (schema/opening-balance.graphql)
  'Mutation.importDwellings': ADMIN,

  // --- property company sync (schema/stock-sync.graphql)
  'Query.stockChanges': ['property-company', 'auditor', 'admin'],
  'Mutation.pushStockChanges': ['property-company', 'admin'],
  'Subscription.stockChanged': ['property-company', 'auditor', 'admin'],

  // --- audit (schema/audit.graphql)
  'Query.verifyEventChain': OVERSIGHT,
  'Query.history': READERS,
  'Query.applicationHistory': READERS,
  'Query.householdHistory': READERS,
  'Query.leaseHistory': READERS,
  'Query.event': READERS,

  // --- applications and the waiting list (schema/applications.graphql)
  'Query.application': READERS,
  'Query.applications': READERS,
  'Query.waitingList': READERS,
  'Mutation.submitApplication': APPLICATION_WRITERS,
  'Mutation.decideApplication': APPLICATION_WRITERS,
  'Mutation.receiveAppeal': APPLICATION_WRITERS,
  'Mutation.decideAppeal': APPLICATION_WRITERS,
  'Mutation.withdrawApplication': APPLICATION_WRITERS,
  'Mutation.expireApproval': APPLICATION_WRITERS,
  'Mutation.expireApprovals': APPLICATION_WRITERS,
  'Mutation.renewApproval': APPLICATION_WRITERS,

  // --- allocation committee and offers (schema/allocations.graphql)
  'Query.committeeMeeting': READERS,
  'Query.committeeMeetings': READERS,
  'Query.offer': READERS,
  'Query.offers': READERS,
  'Mutation.conveneCommitteeMeeting': COMMITTEE,
  'Mutation.recordNoOfferDecision': COMMITTEE,
  'Mutation.closeCommitteeMeeting': COMMITTEE,
  'Mutation.offerDwelling': COMMITTEE,
  // The household answers the housing office; either the caseworker or the committee's secretary records it.
  'Mutation.acceptOffer': STAFF,
  'Mutation.declineOffer': STAFF,
  'Mutation.expireOffers': STAFF,

  // --- leases (schema/leases.graphql)
  'Query.lease': READERS,
  'Query.leases': READERS,
  'Query.activeLeases': READERS,
  'Query.leasesEndingWithin': READERS,
  'Query.householdTenancyHistory': READERS,
  // Evictions per period are an aggregate that Husbanken's reporting needs.
  'Query.evictions': REPORT_READERS,
  'Mutation.signLease': APPLICATION_WRITERS,
  'Mutation.abandonLeaseSigning': APPLICATION_WRITERS,
  'Mutation.adjustRent': APPLICATION_WRITERS,
  'Mutation.renewLease': APPLICATION_WRITERS,
  'Mutation.giveLeaseNotice': APPLICATION_WRITERS,
  'Mutation.endLease': APPLICATION_WRITERS,

  // --- tenant to owner (schema/ownership.graphql)
  'Query.ownershipTransition': READERS,
  'Query.ownershipTransitions': READERS,
  'Query.tenantToOwnerKpi': REPORT_READERS,
  'Mutation.startOwnershipTransition': APPLICATION_WRITERS,
  'Mutation.changeOwnershipTransitionPlan': APPLICATION_WRITERS,
  'Mutation.recordFinancialCounselling': APPLICATION_WRITERS,
  'Mutation.grantStartlan': APPLICATION_WRITERS,
  'Mutation.recordOtherFinancing': APPLICATION_WRITERS,
  'Mutation.completeOwnershipTransition': APPLICATION_WRITERS,
  'Mutation.abandonOwnershipTransition': APPLICATION_WRITERS,

  // --- reporting to SSB (KOSTRA) and Husbanken (schema/reporting.graphql)
  'Query.kostraReport': REPORT_READERS,
  'Query.storedReports': REPORT_READERS,
  'Query.storedReport': REPORT_READERS,
  'Mutation.generateKostraReport': ['reporting', 'admin'],

  // --- access and personal data (schema/access.graphql)
  'Query.whoAmI': EVERYONE,
  'Query.personalDataReads': OVERSIGHT,
  'Mutation.eraseDataSubject': ADMIN,
};

/** The roles allowed a root field; empty when the field has no rule (then nobody may call it). */
export function rolesAllowed(rootType: string, field: string): readonly Role[] {
  return operationRules[`${rootType}.${field}`] ?? [];
}
