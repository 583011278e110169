import type { RecordedEvent } from '../event-store/event-envelope.js';
import { AppendRows, BatchRows } from '../projections/batch/batch-rows.js';
import type { Projection } from '../projections/projection.js';
import type { ApplicationSubmitted } from '../applications/application/application.events.js';
import type { DwellingVacated } from '../portfolio/dwelling/dwelling.events.js';
import type { CommitteeMeetingEvent } from './committee-meeting/committee-meeting.events.js';
import type { OfferEvent } from './offer/offer.events.js';
import { BUILD_INDEX } from '../projections/deferred-indexes.js';

type Tables = 'committee_meetings' | 'committee_decisions' | 'offers' | 'allocation_households' | 'allocation_placements';

/**
 * The allocation committee's meetings with their decisions, the offers with their answers, and the
 * placements the concentration cap counts.
 *
 * A placement is one offer of a dwelling to a household, with the household's background categories
 * (taken from its ApplicationSubmitted, kept here so the cap needs no join on personal facts):
 * 'offered' while the offer is out, 'accepted' once accepted (the household moves in), 'ended' when
 * the offer was declined or expired or the dwelling was vacated (DwellingVacated, which the leases
 * cause when the tenancy ends). The cap counts 'offered' and 'accepted' placements whose categories
 * meet the configured capped categories, per building and district (joined with the dwellings read
 * model at query time, so corrections of a dwelling's address follow, and a change of capped
 * categories needs no rebuild). Leases feed it through DwellingVacated; a lease signed from an
 * accepted offer keeps the placement 'accepted'.
 */
export const allocationsProjection: Projection<Tables> = {
  name: 'allocations',
  version: 1,
  eventTypes: [
    'MeetingConvened',
    'CommitteeDecisionRecorded',
    'MeetingClosed',
    'DwellingOffered',
    'OfferAccepted',
    'OfferDeclined',
    'OfferExpired',
    'ApplicationSubmitted',
    'DwellingVacated',
  ],
  tables: {
    committee_meetings: (t) => `
      CREATE TABLE ${t} (
        meeting_id text PRIMARY KEY,
        held_on date NOT NULL,
        members text[] NOT NULL,
        status text NOT NULL,
        closed_on date,
        actor text NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (held_on, meeting_id);`,
    committee_decisions: (t) => `
      CREATE TABLE ${t} (
        position bigint PRIMARY KEY,
        meeting_id text NOT NULL,
        kind text NOT NULL,
        offer_id text,
        application_id text NOT NULL,
        dwelling_id text,
        reasons text,
        actor text NOT NULL
      );
      CREATE INDEX ON ${t} (meeting_id, position);`,
    offers: (t) => `
      CREATE TABLE ${t} (
        offer_id text PRIMARY KEY,
        application_id text NOT NULL,
        dwelling_id text NOT NULL,
        meeting_id text NOT NULL,
        decided_on date NOT NULL,
        offered_on date NOT NULL,
        answer_by date NOT NULL,
        legal_basis text NOT NULL,
        reasons text NOT NULL,
        list_position integer,
        list_reason text,
        fit jsonb NOT NULL,
        concentration jsonb,
        override_justification text,
        override_scopes text[],
        status text NOT NULL,
        answered_on date,
        decline_reason text,
        actor text NOT NULL,
        answered_by text,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (status, answer_by);
      CREATE INDEX ON ${t} (application_id);
      CREATE INDEX ON ${t} (dwelling_id);`,
    allocation_households: (t) => `
      CREATE TABLE ${t} (
        application_id text PRIMARY KEY,
        categories text[] NOT NULL
      );`,
    allocation_placements: (t) => `
      CREATE TABLE ${t} (
        offer_id text PRIMARY KEY,
        application_id text NOT NULL,
        dwelling_id text NOT NULL,
        categories text[] NOT NULL,
        status text NOT NULL,
        since date NOT NULL
      );
      CREATE INDEX ${BUILD_INDEX} ON ${t} (dwelling_id, status);`,
  },
  // A batch costs at most nine statements whatever its size: the meetings, offers, households and
  // placements it names are loaded in one query per table, the events change them in memory in log
  // order, and the final rows are written back in one statement per table.
  async apply(client, t, events) {
    const batch: Batch = {
      meetings: new BatchRows(t.committee_meetings, ['meeting_id']),
      decisions: new AppendRows(t.committee_decisions),
      offers: new BatchRows(t.offers, ['offer_id']),
      households: new BatchRows(t.allocation_households, ['application_id']),
      // By dwelling: a vacancy ends the dwelling's accepted placements, whichever offers they came from.
      placements: new BatchRows(t.allocation_placements, ['offer_id'], 'dwelling_id'),
    };
    const meetingIds: string[] = [];
    const offerIds: string[] = [];
    const applicationIds: string[] = [];
    const dwellingIds: string[] = [];
    for (const { type, data } of events) {
      const d = data as { meetingId?: string; offerId?: string; applicationId?: string; dwellingId?: string };
      if (type === 'MeetingConvened' || type === 'MeetingClosed') meetingIds.push(d.meetingId!);
      else if (type === 'ApplicationSubmitted') applicationIds.push(d.applicationId!);
      else if (type === 'DwellingVacated') dwellingIds.push(d.dwellingId!);
      else if (type === 'DwellingOffered') {
        offerIds.push(d.offerId!);
        applicationIds.push(d.applicationId!);
        dwellingIds.push(d.dwellingId!);
      } else if (ANSWERS.includes(type)) offerIds.push(d.offerId!);
    }
    await batch.meetings.load(client, meetingIds);
    await batch.households.load(client, applicationIds);
    await batch.offers.load(client, offerIds);
    // An answer finds its placement through its offer's dwelling (offer and placement are written
    // together by DwellingOffered, from the same dwelling id).
    for (const offerId of offerIds) {
      const offer = batch.offers.one(offerId);
      if (offer) dwellingIds.push(offer.dwelling_id as string);
    }
    await batch.placements.load(client, dwellingIds);

    for (const recorded of events) applyOne(batch, recorded);

    await batch.meetings.flush(client);
    await batch.decisions.flush(client);
    await batch.offers.flush(client);
    await batch.households.flush(client);
    await batch.placements.flush(client);
  },
};

const ANSWERS: readonly string[] = ['OfferAccepted', 'OfferDeclined', 'OfferExpired'];

interface Batch {
  meetings: BatchRows;
  decisions: AppendRows;
  offers: BatchRows;
  households: BatchRows;
  placements: BatchRows;
}

function applyOne(batch: Batch, recorded: RecordedEvent): void {
  const pos = recorded.position.toString();
  switch (recorded.type) {
    case 'ApplicationSubmitted': {
      // The household's categories, for the placements of its offers.
      const d = recorded.data as ApplicationSubmitted['data'];
      batch.households.insert({ application_id: d.applicationId, categories: d.categories });
      return;
    }
    case 'DwellingVacated': {
      const d = recorded.data as DwellingVacated['data'];
      if (d.dwellingId == null) return; // `WHERE dwelling_id = NULL`: no row
      for (const placement of batch.placements.group(d.dwellingId)) {
        if (placement.status === 'accepted') batch.placements.update(d.dwellingId, [placement.offer_id], { status: 'ended', since: d.vacatedOn });
      }
      return;
    }
  }
  if (['MeetingConvened', 'CommitteeDecisionRecorded', 'MeetingClosed'].includes(recorded.type)) {
    const event = { type: recorded.type, data: recorded.data } as CommitteeMeetingEvent;
    switch (event.type) {
      case 'MeetingConvened':
        batch.meetings.insert({
          meeting_id: event.data.meetingId,
          held_on: event.data.heldOn,
          members: event.data.members,
          status: 'open',
          closed_on: null,
          actor: event.data.actor,
          position: pos,
        });
        return;
      case 'CommitteeDecisionRecorded': {
        const d = event.data.decision;
        batch.decisions.add({
          position: pos,
          meeting_id: event.data.meetingId,
          kind: d.kind,
          offer_id: d.kind === 'offer' ? d.offerId : null,
          application_id: d.applicationId,
          dwelling_id: d.dwellingId ?? null,
          reasons: d.kind === 'no-offer' ? d.reasons : null,
          actor: event.data.actor,
        });
        return;
      }
      case 'MeetingClosed':
        if (event.data.meetingId == null) return; // `WHERE meeting_id = NULL`: no row
        batch.meetings.update(event.data.meetingId, [event.data.meetingId], { status: 'closed', closed_on: event.data.closedOn, position: pos });
        return;
    }
  }
  const event = { type: recorded.type, data: recorded.data } as OfferEvent;
  switch (event.type) {
    case 'DwellingOffered': {
      const d = event.data;
      batch.offers.insert({
        offer_id: d.offerId,
        application_id: d.applicationId,
        dwelling_id: d.dwellingId,
        meeting_id: d.meetingId,
        decided_on: d.decidedOn,
        offered_on: d.offeredOn,
        answer_by: d.answerBy,
        legal_basis: d.legalBasis,
        reasons: d.reasons,
        list_position: d.listPosition?.position ?? null,
        list_reason: d.listPosition?.reason ?? null,
        fit: d.fit,
        concentration: d.concentration ? d.concentration : null,
        override_justification: d.concentrationOverride?.justification ?? null,
        override_scopes: d.concentrationOverride?.exceeded ?? null,
        status: 'made',
        answered_on: null,
        decline_reason: null,
        actor: d.actor,
        answered_by: null,
        position: pos,
      });
      batch.placements.insert({
        offer_id: d.offerId,
        application_id: d.applicationId,
        dwelling_id: d.dwellingId,
        // The household's categories as known now (none when its application is not in the log).
        categories: batch.households.one(d.applicationId)?.categories ?? [],
        status: 'offered',
        since: d.offeredOn,
      });
      return;
    }
    case 'OfferAccepted':
      answer(batch, pos, event.data.offerId, 'accepted', event.data.acceptedOn, null, event.data.actor);
      return;
    case 'OfferDeclined':
      answer(batch, pos, event.data.offerId, 'declined', event.data.declinedOn, event.data.reason, event.data.actor);
      return;
    case 'OfferExpired':
      answer(batch, pos, event.data.offerId, 'expired', event.data.expiredOn, null, event.data.actor);
      return;
  }
}

function answer({ offers, placements }: Batch, pos: string, offerId: string, status: string, on: string, reason: string | null, actor: string): void {
  if (offerId == null) return; // `WHERE offer_id = NULL`: no row
  // No offer row, no placement either (both come from the same DwellingOffered): nothing to change.
  const offer = offers.update(offerId, [offerId], { status, answered_on: on, decline_reason: reason, answered_by: actor, position: pos });
  if (!offer) return;
  placements.update(offer.dwelling_id as string, [offerId], { status: status === 'accepted' ? 'accepted' : 'ended', since: on });
}
