import type { RecordedEvent } from '../event-store/event-envelope.js';
import { BatchHistory } from '../projections/batch/batch-history.js';
import { AppendRows, BatchRows, type Row } from '../projections/batch/batch-rows.js';
import type { Projection } from '../projections/projection.js';
import { historyTableDdl } from '../projections/valid-time-history.js';
import type { OfferAccepted } from '../allocations/offer/offer.events.js';
import { daysBetween } from './calendar-arithmetic.js';
import type { ApplicationEvent } from './application/application.events.js';

type Tables = 'applications' | 'application_history' | 'applications_history';

const APPLICATION_EVENT_TYPES: readonly ApplicationEvent['type'][] = [
  'ApplicationSubmitted',
  'ApplicationDecided',
  'AppealReceived',
  'AppealDecided',
  'ApplicationWithdrawn',
  'ApprovalExpired',
  'ApprovalRenewed',
  'ApplicationOffered',
  'ReturnedToWaitingList',
  'ApplicantHoused',
];

/**
 * Applications as caseworkers and statistics read them: one row per application with its status,
 * the statistical facts (household size, children, situation, category flags, new or swap/extension,
 * the areas it prefers) and the persons' sealed records; and its history, one row per step with
 * the actor and the reasons, so an auditor can replay why a household got (or did not get) a dwelling.
 *
 * The waiting list is the applications with status 'approved' (on the list, no offer out); its order
 * is computed at query time by the configured rules (waiting-list-order.ts), so a change of rules
 * needs no rebuild. The waiting time (approval → accepted offer) is recorded when the offer is
 * accepted (OfferAccepted), and again, for the record, when the leases mark the applicant housed.
 */
export const applicationsProjection: Projection<Tables> = {
  name: 'applications',
  // 2: every version of an application row is kept with its validity (applications_history), for `waitingList(asOf)`.
  // 3: validity_months, the approval's validity period as granted (null when not recorded with it).
  version: 3,
  eventTypes: [...APPLICATION_EVENT_TYPES, 'OfferAccepted'],
  tables: {
    applications: (t) => `
      CREATE TABLE ${t} (
        application_id text PRIMARY KEY,
        kind text NOT NULL,
        current_lease_id text,
        submitted_on date NOT NULL,
        applicant_id text NOT NULL,
        member_ids text[] NOT NULL,
        household_size integer NOT NULL,
        children integer NOT NULL,
        housing_situation text NOT NULL,
        categories text[] NOT NULL,
        refugee boolean NOT NULL,
        substance_abuse_or_mental_illness boolean NOT NULL,
        needs_adapted_dwelling boolean NOT NULL,
        refugee_arrival_date date,
        needs jsonb NOT NULL,
        preferred_districts text[] NOT NULL,
        urgency text NOT NULL,
        personal_data jsonb NOT NULL,
        status text NOT NULL,
        decision_outcome text,
        decided_on date,
        notified_on date,
        appeal_deadline date,
        appeal_received_on date,
        appeal_in_time boolean,
        appeal_outcome text,
        approved_on date,
        valid_from date,
        validity_months integer,
        waiting_since date,
        current_offer_id text,
        current_dwelling_id text,
        offered_on date,
        offers_declined integer NOT NULL DEFAULT 0,
        offers_expired integer NOT NULL DEFAULT 0,
        offer_accepted_on date,
        accepted_offer_id text,
        waiting_days integer,
        closed_on date,
        revision bigint NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (status, application_id);
      CREATE INDEX ON ${t} USING gin (categories);
      CREATE INDEX ON ${t} USING gin (preferred_districts);`,
    application_history: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        application_id text NOT NULL,
        revision bigint NOT NULL,
        event_type text NOT NULL,
        occurred_on date,
        actor text NOT NULL,
        role text NOT NULL,
        details jsonb NOT NULL
      );
      CREATE INDEX ON ${t} (application_id, position);`,
    applications_history: (t, names) => historyTableDdl(t, names.applications, ['application_id']),
  },
  // A batch costs five statements whatever its size: the applications it names are loaded in one
  // query, the events change them in memory in log order, and the final rows, the history steps
  // and the versions are written back in one statement each.
  async apply(client, tables, events) {
    const batch: Batch = {
      applications: new BatchRows(tables.applications, ['application_id']),
      steps: new AppendRows(tables.application_history),
    };
    const versions = new BatchHistory(tables.applications_history, 'application_id');
    await batch.applications.load(client, events.map(applicationIdOf));
    for (const recorded of events) {
      applyOne(batch, recorded);
      // The row's new version, as known from this event's recording on (time travel).
      const applicationId = applicationIdOf(recorded);
      versions.record(applicationId, batch.applications.group(applicationId), recorded);
    }
    await batch.applications.flush(client);
    await batch.steps.flush(client);
    await versions.flush(client);
  },
};

interface Batch {
  applications: BatchRows;
  steps: AppendRows;
}

function applicationIdOf(recorded: RecordedEvent): string {
  return (recorded.data as { applicationId: string }).applicationId;
}

function applyOne({ applications, steps }: Batch, recorded: RecordedEvent): void {
  if (recorded.type === 'OfferAccepted') {
    const a = recorded.data as OfferAccepted['data'];
    const row = applications.one(a.applicationId);
    // As `waiting_days = acceptedOn - approved_on` would: NULL without an approval. No revision or
    // position change: the event is the offer's, not the application's.
    if (row) {
      applications.update(a.applicationId, [a.applicationId], {
        offer_accepted_on: a.acceptedOn,
        accepted_offer_id: a.offerId,
        waiting_days: row.approved_on == null ? null : daysBetween(row.approved_on as string, a.acceptedOn),
      });
    }
    history(steps, recorded, a.applicationId, a.acceptedOn, { offerId: a.offerId, dwellingId: a.dwellingId, acceptedOn: a.acceptedOn });
    return;
  }
  const event = { type: recorded.type, data: recorded.data } as ApplicationEvent;
  const id = event.data.applicationId;
  const rev = recorded.revision.toString();
  const pos = recorded.position.toString();
  // The row as it stands before this event; an event for an application without a row changes
  // nothing (as an UPDATE matching no row), but its step is still recorded.
  const current = applications.one(id);
  const set = (changes: Row) => applications.update(id, [id], { ...changes, revision: rev, position: pos });

  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      applications.insert({
        application_id: id,
        kind: d.kind,
        current_lease_id: d.currentLeaseId ?? null,
        submitted_on: d.submittedOn,
        applicant_id: d.household.applicantId,
        member_ids: d.household.memberIds,
        household_size: d.household.size,
        children: d.household.children,
        housing_situation: d.housingSituation,
        categories: d.categories,
        refugee: d.categories.includes('refugee-settlement'),
        substance_abuse_or_mental_illness: d.categories.includes('substance-abuse-or-mental-illness'),
        needs_adapted_dwelling: d.categories.includes('disability') || d.needs.wheelchairAccessible,
        refugee_arrival_date: d.refugeeArrivalDate ?? null,
        needs: d.needs,
        preferred_districts: d.needs.preferredDistricts,
        urgency: d.urgency,
        personal_data: d.personalData ?? [],
        status: 'submitted',
        decision_outcome: null,
        decided_on: null,
        notified_on: null,
        appeal_deadline: null,
        appeal_received_on: null,
        appeal_in_time: null,
        appeal_outcome: null,
        approved_on: null,
        valid_from: null,
        validity_months: null,
        waiting_since: null,
        current_offer_id: null,
        current_dwelling_id: null,
        offered_on: null,
        // The columns' defaults.
        offers_declined: 0,
        offers_expired: 0,
        offer_accepted_on: null,
        accepted_offer_id: null,
        waiting_days: null,
        closed_on: null,
        revision: rev,
        position: pos,
      });
      const { personalData: _sealed, actor: _actor, ...facts } = d;
      history(steps, recorded, id, d.submittedOn, facts);
      return;
    }
    case 'ApplicationDecided': {
      const d = event.data;
      const approved = d.outcome === 'approved';
      if (current) {
        set({
          status: approved ? 'approved' : 'rejected',
          decision_outcome: d.outcome,
          decided_on: d.decidedOn,
          notified_on: d.notifiedOn,
          appeal_deadline: d.appealDeadline,
          // A rejection leaves the approval dates as they were.
          approved_on: approved ? d.decidedOn : current.approved_on,
          valid_from: approved ? d.decidedOn : current.valid_from,
          validity_months: approved ? (d.validityMonths ?? null) : current.validity_months,
          waiting_since: approved ? d.decidedOn : current.waiting_since,
        });
      }
      history(steps, recorded, id, d.decidedOn, withoutActor(d));
      return;
    }
    case 'AppealReceived':
      set({ status: 'appealed', appeal_received_on: event.data.receivedOn, appeal_in_time: event.data.lodgedInTime });
      history(steps, recorded, id, event.data.receivedOn, withoutActor(event.data));
      return;
    case 'AppealDecided': {
      const d = event.data;
      if (d.approvedOn) {
        set({ status: 'approved', appeal_outcome: d.outcome, approved_on: d.approvedOn, valid_from: d.approvedOn, validity_months: d.validityMonths ?? null, waiting_since: d.approvedOn });
      } else {
        set({ status: 'rejected', appeal_outcome: d.outcome });
      }
      history(steps, recorded, id, d.decidedOn, withoutActor(d));
      return;
    }
    case 'ApplicationWithdrawn':
      set({ status: 'withdrawn', closed_on: event.data.withdrawnOn });
      history(steps, recorded, id, event.data.withdrawnOn, withoutActor(event.data));
      return;
    case 'ApprovalExpired':
      set({ status: 'expired', closed_on: event.data.expiredOn });
      history(steps, recorded, id, event.data.expiredOn, withoutActor(event.data));
      return;
    case 'ApprovalRenewed':
      set({ status: 'approved', valid_from: event.data.renewedOn, validity_months: event.data.validityMonths ?? null, waiting_since: event.data.waitingSince, closed_on: null });
      history(steps, recorded, id, event.data.renewedOn, withoutActor(event.data));
      return;
    case 'ApplicationOffered':
      set({ status: 'offered', current_offer_id: event.data.offerId, current_dwelling_id: event.data.dwellingId, offered_on: event.data.offeredOn });
      history(steps, recorded, id, event.data.offeredOn, withoutActor(event.data));
      return;
    case 'ReturnedToWaitingList': {
      const d = event.data;
      if (current) {
        set({
          status: 'approved',
          current_offer_id: null,
          current_dwelling_id: null,
          offered_on: null,
          waiting_since: d.waitingSince,
          offers_declined: (current.offers_declined as number) + (d.offerOutcome === 'declined' ? 1 : 0),
          offers_expired: (current.offers_expired as number) + (d.offerOutcome === 'expired' ? 1 : 0),
        });
      }
      history(steps, recorded, id, d.returnedOn, withoutActor(d));
      return;
    }
    case 'ApplicantHoused': {
      const d = event.data;
      set({
        status: 'housed',
        current_offer_id: null,
        closed_on: d.acceptedOn,
        offer_accepted_on: d.acceptedOn,
        accepted_offer_id: d.offerId,
        waiting_days: d.waitingDays ?? daysBetween(d.approvedOn, d.acceptedOn),
      });
      history(steps, recorded, id, d.acceptedOn, withoutActor(d));
      return;
    }
  }
}

function withoutActor<D extends { actor: string }>(data: D): Omit<D, 'actor'> {
  const { actor: _actor, ...rest } = data;
  return rest;
}

/** One step of the application's history: what happened, on which day, who recorded it, and the details (reasons included). */
function history(steps: AppendRows, recorded: RecordedEvent, applicationId: string, on: string, details: object): void {
  steps.add({
    position: recorded.position.toString(),
    application_id: applicationId,
    revision: recorded.revision.toString(),
    event_type: recorded.type,
    occurred_on: on,
    actor: (recorded.data as { actor?: string }).actor ?? recorded.metadata.actor,
    role: recorded.metadata.role,
    details,
  });
}
