import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import type { OfferAccepted } from '../allocations/offer/offer.events.js';
import { daysBetween } from './calendar-arithmetic.js';
import type { ApplicationEvent } from './application/application.events.js';

type Tables = 'applications' | 'application_history';

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
  version: 1,
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
  },
  async apply(client, tables, events) {
    for (const recorded of events) await applyOne(client, tables, recorded);
  },
};

async function applyOne(client: pg.PoolClient, t: TableNames<Tables>, recorded: RecordedEvent): Promise<void> {
  if (recorded.type === 'OfferAccepted') {
    const a = (recorded.data as OfferAccepted['data']);
    await client.query(
      `UPDATE ${t.applications} SET offer_accepted_on = $2::date, accepted_offer_id = $3,
         waiting_days = CASE WHEN approved_on IS NULL THEN NULL ELSE $2::date - approved_on END
       WHERE application_id = $1`,
      [a.applicationId, a.acceptedOn, a.offerId],
    );
    await history(client, t, recorded, a.applicationId, a.acceptedOn, { offerId: a.offerId, dwellingId: a.dwellingId, acceptedOn: a.acceptedOn });
    return;
  }
  const event = { type: recorded.type, data: recorded.data } as ApplicationEvent;
  const id = event.data.applicationId;
  const rev = recorded.revision.toString();
  const pos = recorded.position.toString();
  const set = (sets: string, values: unknown[]) =>
    client.query(`UPDATE ${t.applications} SET ${sets}, revision = $2, position = $3 WHERE application_id = $1`, [id, rev, pos, ...values]);

  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      await client.query(
        `INSERT INTO ${t.applications} (application_id, kind, current_lease_id, submitted_on, applicant_id, member_ids, household_size, children,
           housing_situation, categories, refugee, substance_abuse_or_mental_illness, needs_adapted_dwelling, refugee_arrival_date, needs,
           preferred_districts, urgency, personal_data, status, revision, position)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,'submitted',$19,$20)`,
        [
          id, d.kind, d.currentLeaseId, d.submittedOn, d.household.applicantId, d.household.memberIds, d.household.size, d.household.children,
          d.housingSituation, d.categories, d.categories.includes('refugee-settlement'), d.categories.includes('substance-abuse-or-mental-illness'),
          d.categories.includes('disability') || d.needs.wheelchairAccessible, d.refugeeArrivalDate, JSON.stringify(d.needs),
          d.needs.preferredDistricts, d.urgency, JSON.stringify(d.personalData ?? []), rev, pos,
        ],
      );
      const { personalData: _sealed, actor: _actor, ...facts } = d;
      await history(client, t, recorded, id, d.submittedOn, facts);
      return;
    }
    case 'ApplicationDecided': {
      const d = event.data;
      const approved = d.outcome === 'approved';
      await set(
        `status = $4, decision_outcome = $5, decided_on = $6, notified_on = $7, appeal_deadline = $8,
         approved_on = CASE WHEN $9 THEN $6::date ELSE approved_on END, valid_from = CASE WHEN $9 THEN $6::date ELSE valid_from END,
         waiting_since = CASE WHEN $9 THEN $6::date ELSE waiting_since END`,
        [approved ? 'approved' : 'rejected', d.outcome, d.decidedOn, d.notifiedOn, d.appealDeadline, approved],
      );
      await history(client, t, recorded, id, d.decidedOn, withoutActor(d));
      return;
    }
    case 'AppealReceived':
      await set(`status = 'appealed', appeal_received_on = $4, appeal_in_time = $5`, [event.data.receivedOn, event.data.lodgedInTime]);
      await history(client, t, recorded, id, event.data.receivedOn, withoutActor(event.data));
      return;
    case 'AppealDecided': {
      const d = event.data;
      if (d.approvedOn) {
        await set(`status = 'approved', appeal_outcome = $4, approved_on = $5, valid_from = $5, waiting_since = $5`, [d.outcome, d.approvedOn]);
      } else {
        await set(`status = 'rejected', appeal_outcome = $4`, [d.outcome]);
      }
      await history(client, t, recorded, id, d.decidedOn, withoutActor(d));
      return;
    }
    case 'ApplicationWithdrawn':
      await set(`status = 'withdrawn', closed_on = $4`, [event.data.withdrawnOn]);
      await history(client, t, recorded, id, event.data.withdrawnOn, withoutActor(event.data));
      return;
    case 'ApprovalExpired':
      await set(`status = 'expired', closed_on = $4`, [event.data.expiredOn]);
      await history(client, t, recorded, id, event.data.expiredOn, withoutActor(event.data));
      return;
    case 'ApprovalRenewed':
      await set(`status = 'approved', valid_from = $4, waiting_since = $5, closed_on = NULL`, [event.data.renewedOn, event.data.waitingSince]);
      await history(client, t, recorded, id, event.data.renewedOn, withoutActor(event.data));
      return;
    case 'ApplicationOffered':
      await set(`status = 'offered', current_offer_id = $4, current_dwelling_id = $5, offered_on = $6`, [
        event.data.offerId,
        event.data.dwellingId,
        event.data.offeredOn,
      ]);
      await history(client, t, recorded, id, event.data.offeredOn, withoutActor(event.data));
      return;
    case 'ReturnedToWaitingList': {
      const d = event.data;
      await set(
        `status = 'approved', current_offer_id = NULL, current_dwelling_id = NULL, offered_on = NULL, waiting_since = $4,
         offers_declined = offers_declined + $5, offers_expired = offers_expired + $6`,
        [d.waitingSince, d.offerOutcome === 'declined' ? 1 : 0, d.offerOutcome === 'expired' ? 1 : 0],
      );
      await history(client, t, recorded, id, d.returnedOn, withoutActor(d));
      return;
    }
    case 'ApplicantHoused': {
      const d = event.data;
      await set(
        `status = 'housed', current_offer_id = NULL, closed_on = $4, offer_accepted_on = $4, accepted_offer_id = $5, waiting_days = $6`,
        [d.acceptedOn, d.offerId, d.waitingDays ?? daysBetween(d.approvedOn, d.acceptedOn)],
      );
      await history(client, t, recorded, id, d.acceptedOn, withoutActor(d));
      return;
    }
  }
}

function withoutActor<D extends { actor: string }>(data: D): Omit<D, 'actor'> {
  const { actor: _actor, ...rest } = data;
  return rest;
}

/** One step of the application's history: what happened, on which day, who recorded it, and the details (reasons included). */
async function history(client: pg.PoolClient, t: TableNames<Tables>, recorded: RecordedEvent, applicationId: string, on: string, details: object) {
  const actor = (recorded.data as { actor?: string }).actor ?? recorded.metadata.actor;
  await client.query(
    `INSERT INTO ${t.application_history} (position, application_id, revision, event_type, occurred_on, actor, role, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [recorded.position.toString(), applicationId, recorded.revision.toString(), recorded.type, on, actor, recorded.metadata.role, JSON.stringify(details)],
  );
}
