import { toGraphqlEnum } from '../graphql/enum-mapping.js';
import type { ApplicationRow } from './applications.read-model.js';

/** An application as GraphQL shows it; persons and history are resolved on demand (application.field-resolver.ts). */
export function applicationNode(row: ApplicationRow) {
  return {
    __typename: 'Application',
    id: row.application_id,
    kind: toGraphqlEnum(row.kind),
    currentLeaseId: row.current_lease_id,
    submittedOn: row.submitted_on,
    status: toGraphqlEnum(row.status),
    householdSize: row.household_size,
    children: row.children,
    housingSituation: toGraphqlEnum(row.housing_situation),
    categories: row.categories.map(toGraphqlEnum),
    refugeeArrivalDate: row.refugee_arrival_date,
    needs: row.needs,
    urgency: toGraphqlEnum(row.urgency),
    decision:
      row.decision_outcome && row.decided_on && row.notified_on && row.appeal_deadline
        ? { outcome: toGraphqlEnum(row.decision_outcome), decidedOn: row.decided_on, notifiedOn: row.notified_on, appealDeadline: row.appeal_deadline }
        : null,
    appeal: row.appeal_received_on
      ? { receivedOn: row.appeal_received_on, lodgedInTime: row.appeal_in_time ?? false, outcome: row.appeal_outcome ? toGraphqlEnum(row.appeal_outcome) : null }
      : null,
    approvedOn: row.approved_on,
    validFrom: row.valid_from,
    validityMonths: row.validity_months,
    waitingSince: row.waiting_since,
    currentOfferId: row.current_offer_id,
    offersDeclined: row.offers_declined,
    offersExpired: row.offers_expired,
    offerAcceptedOn: row.offer_accepted_on,
    waitingDays: row.waiting_days,
    closedOn: row.closed_on,
    revision: row.revision,
    // For the field resolvers: the pseudonymous ids and the sealed records, never opened here.
    applicantId: row.applicant_id,
    memberIds: row.member_ids,
    sealedPersonalData: row.personal_data,
  };
}

export type ApplicationNode = ReturnType<typeof applicationNode>;
