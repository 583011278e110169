import { toGraphqlEnum } from '../graphql/enum-mapping.js';
import type { LeaseRow } from './leases.read-model.js';

/** A leases row as the GraphQL Lease type (enums in UPPER_SNAKE). */
export function leaseNode(r: LeaseRow) {
  return {
    __typename: 'Lease',
    id: r.lease_id,
    householdId: r.household_id,
    memberIds: r.member_ids,
    dwellingId: r.dwelling_id,
    origin: toGraphqlEnum(r.origin),
    offerId: r.offer_id,
    applicationId: r.application_id,
    contractType: toGraphqlEnum(r.contract_type),
    signedOn: r.signed_on,
    startDate: r.start_date,
    endDate: r.end_date,
    termLegalBasis: r.term_legal_basis,
    temporaryHousingAimEndDate: r.temporary_housing_aim_end_date,
    monthlyRent: r.monthly_rent,
    security: { kind: toGraphqlEnum(r.security_kind), amount: r.security_amount, guarantor: r.guarantor ? toGraphqlEnum(r.guarantor) : null },
    previousLeaseId: r.previous_lease_id,
    status: toGraphqlEnum(r.status),
    notice: r.notice_given_by ? { givenBy: toGraphqlEnum(r.notice_given_by), givenOn: r.notice_given_on, effectiveOn: r.notice_effective_on } : null,
    ended: r.ended_on
      ? { endedOn: r.ended_on, reason: toGraphqlEnum(r.end_reason!), evictionEnforcedOn: r.eviction_enforced_on, transferLeaseId: r.transfer_lease_id }
      : null,
    sortKey: r.sort_key,
  };
}
