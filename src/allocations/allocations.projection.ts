import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection, TableNames } from '../projections/projection.js';
import type { ApplicationSubmitted } from '../applications/application/application.events.js';
import type { DwellingVacated } from '../portfolio/dwelling/dwelling.events.js';
import type { CommitteeMeetingEvent } from './committee-meeting/committee-meeting.events.js';
import type { OfferEvent } from './offer/offer.events.js';

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
      CREATE INDEX ON ${t} (dwelling_id, status);`,
  },
  async apply(client, tables, events) {
    for (const recorded of events) await applyOne(client, tables, recorded);
  },
};

async function applyOne(client: pg.PoolClient, t: TableNames<Tables>, recorded: RecordedEvent): Promise<void> {
  const pos = recorded.position.toString();
  switch (recorded.type) {
    case 'ApplicationSubmitted': {
      // The household's categories, for the placements of its offers.
      const d = recorded.data as ApplicationSubmitted['data'];
      await client.query(`INSERT INTO ${t.allocation_households} VALUES ($1, $2)`, [d.applicationId, d.categories]);
      return;
    }
    case 'DwellingVacated': {
      const d = recorded.data as DwellingVacated['data'];
      await client.query(`UPDATE ${t.allocation_placements} SET status = 'ended', since = $2 WHERE dwelling_id = $1 AND status = 'accepted'`, [
        d.dwellingId,
        d.vacatedOn,
      ]);
      return;
    }
  }
  if (['MeetingConvened', 'CommitteeDecisionRecorded', 'MeetingClosed'].includes(recorded.type)) {
    const event = { type: recorded.type, data: recorded.data } as CommitteeMeetingEvent;
    switch (event.type) {
      case 'MeetingConvened':
        await client.query(`INSERT INTO ${t.committee_meetings} VALUES ($1, $2, $3, 'open', NULL, $4, $5)`, [
          event.data.meetingId,
          event.data.heldOn,
          event.data.members,
          event.data.actor,
          pos,
        ]);
        return;
      case 'CommitteeDecisionRecorded': {
        const d = event.data.decision;
        await client.query(`INSERT INTO ${t.committee_decisions} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          pos,
          event.data.meetingId,
          d.kind,
          d.kind === 'offer' ? d.offerId : null,
          d.applicationId,
          d.dwellingId,
          d.kind === 'no-offer' ? d.reasons : null,
          event.data.actor,
        ]);
        return;
      }
      case 'MeetingClosed':
        await client.query(`UPDATE ${t.committee_meetings} SET status = 'closed', closed_on = $2, position = $3 WHERE meeting_id = $1`, [
          event.data.meetingId,
          event.data.closedOn,
          pos,
        ]);
        return;
    }
  }
  const event = { type: recorded.type, data: recorded.data } as OfferEvent;
  switch (event.type) {
    case 'DwellingOffered': {
      const d = event.data;
      await client.query(
        `INSERT INTO ${t.offers} (offer_id, application_id, dwelling_id, meeting_id, decided_on, offered_on, answer_by, legal_basis, reasons,
           list_position, list_reason, fit, concentration, override_justification, override_scopes, status, actor, position)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'made',$16,$17)`,
        [
          d.offerId, d.applicationId, d.dwellingId, d.meetingId, d.decidedOn, d.offeredOn, d.answerBy, d.legalBasis, d.reasons,
          d.listPosition?.position ?? null, d.listPosition?.reason ?? null, JSON.stringify(d.fit),
          d.concentration ? JSON.stringify(d.concentration) : null, d.concentrationOverride?.justification ?? null,
          d.concentrationOverride?.exceeded ?? null, d.actor, pos,
        ],
      );
      await client.query(
        `INSERT INTO ${t.allocation_placements} (offer_id, application_id, dwelling_id, categories, status, since)
         VALUES ($1, $2, $3, coalesce((SELECT categories FROM ${t.allocation_households} WHERE application_id = $2), '{}'), 'offered', $4)`,
        [d.offerId, d.applicationId, d.dwellingId, d.offeredOn],
      );
      return;
    }
    case 'OfferAccepted':
      await answer(client, t, pos, event.data.offerId, 'accepted', event.data.acceptedOn, null, event.data.actor);
      return;
    case 'OfferDeclined':
      await answer(client, t, pos, event.data.offerId, 'declined', event.data.declinedOn, event.data.reason, event.data.actor);
      return;
    case 'OfferExpired':
      await answer(client, t, pos, event.data.offerId, 'expired', event.data.expiredOn, null, event.data.actor);
      return;
  }
}

async function answer(client: pg.PoolClient, t: TableNames<Tables>, pos: string, offerId: string, status: string, on: string, reason: string | null, actor: string) {
  await client.query(
    `UPDATE ${t.offers} SET status = $2, answered_on = $3, decline_reason = $4, answered_by = $5, position = $6 WHERE offer_id = $1`,
    [offerId, status, on, reason, actor, pos],
  );
  await client.query(`UPDATE ${t.allocation_placements} SET status = $2, since = $3 WHERE offer_id = $1`, [
    offerId,
    status === 'accepted' ? 'accepted' : 'ended',
    on,
  ]);
}
