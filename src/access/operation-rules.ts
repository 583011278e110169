import type { Role } from './roles.js';

/**
 * Who may call what: every root field of the schema (`Query.x`, `Mutation.y`, `Subscription.z`)
 * mapped to the roles allowed. Enforced for every operation, over HTTP and graphql-ws, before any
 * resolver runs (operation-authorization.ts). A root field missing here is refused for everyone,
 * and the matrix test (test/access/operation-rules.spec.ts) fails, so a new operation cannot ship
 * without a decision about who may use it.
 *
 * To add an operation: add one line in its feature's block below, then run
 * `npm run build && node dist/access/write-access-matrix.js` to regenerate docs/readme/access-matrix.md.
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
/** Applications, decisions and appeals are the housing office's casework. */
const CASE_WRITERS: readonly Role[] = ['caseworker', 'admin'];
/** Only the allocation committee decides who is offered which dwelling. */
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

  // --- applications and the waiting list (schema/applications.graphql)
  'Query.application': READERS,
  'Query.applications': READERS,
  'Query.waitingList': READERS,
  'Mutation.submitApplication': CASE_WRITERS,
  'Mutation.decideApplication': CASE_WRITERS,
  'Mutation.receiveAppeal': CASE_WRITERS,
  'Mutation.decideAppeal': CASE_WRITERS,
  'Mutation.withdrawApplication': CASE_WRITERS,
  'Mutation.expireApproval': CASE_WRITERS,
  'Mutation.expireApprovals': CASE_WRITERS,
  'Mutation.renewApproval': CASE_WRITERS,

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

  // --- access and personal data (schema/access.graphql)
  'Query.whoAmI': EVERYONE,
  'Query.personalDataReads': OVERSIGHT,
  'Mutation.eraseDataSubject': ADMIN,
};

/** The roles allowed a root field; empty when the field has no rule (then nobody may call it). */
export function rolesAllowed(rootType: string, field: string): readonly Role[] {
  return operationRules[`${rootType}.${field}`] ?? [];
}
