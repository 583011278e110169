import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { Projection } from '../projections/projection.js';
import type { LeaseEvent } from './lease/lease.events.js';
import { LEASE_EVENT_TYPES } from './lease/lease.events.js';

type Tables = 'leases' | 'lease_rent_changes' | 'lease_renewals';

/**
 * Leases as caseworkers and statistics read them: one row per lease with its current terms and
 * status ('active', 'under-notice', 'ended'), and the history of rent changes and renewals. Active
 * leases, the renewal work queue (ending within N days), a household's tenancy history (its leases
 * in order, a transfer linked by previous_lease_id) and evictions per period are queries on these.
 */
export const leasesProjection: Projection<Tables> = {
  name: 'leases',
  version: 1,
  eventTypes: LEASE_EVENT_TYPES,
  tables: {
    leases: (t) => `
      CREATE TABLE ${t} (
        lease_id uuid PRIMARY KEY,
        household_id text NOT NULL,
        member_ids text[] NOT NULL,
        dwelling_id uuid NOT NULL,
        origin text NOT NULL,
        offer_id text,
        application_id text,
        contract_type text NOT NULL,
        signed_on date NOT NULL,
        start_date date NOT NULL,
        end_date date,
        term_legal_basis text,
        temporary_housing_aim_end_date date,
        monthly_rent integer NOT NULL,
        security_kind text NOT NULL,
        security_amount integer,
        guarantor text,
        previous_lease_id uuid,
        status text NOT NULL,
        notice_given_by text,
        notice_given_on date,
        notice_effective_on date,
        ended_on date,
        end_reason text,
        eviction_enforced_on date,
        transfer_lease_id uuid,
        signed_position bigint NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (status, end_date);
      CREATE INDEX ON ${t} (household_id, start_date);
      CREATE INDEX ON ${t} (dwelling_id);
      CREATE INDEX ON ${t} (end_reason, eviction_enforced_on);`,
    lease_rent_changes: (t) => `
      CREATE TABLE ${t} (
        lease_id uuid NOT NULL,
        position bigint NOT NULL,
        adjusted_on date NOT NULL,
        effective_from date NOT NULL,
        previous_rent integer NOT NULL,
        new_rent integer NOT NULL,
        basis text NOT NULL,
        index_reference text,
        PRIMARY KEY (lease_id, position)
      );`,
    lease_renewals: (t) => `
      CREATE TABLE ${t} (
        lease_id uuid NOT NULL,
        position bigint NOT NULL,
        previous_end_date date NOT NULL,
        new_end_date date NOT NULL,
        decided_on date NOT NULL,
        notified_on date NOT NULL,
        appeal_deadline date NOT NULL,
        legal_basis text NOT NULL,
        reasons text NOT NULL,
        PRIMARY KEY (lease_id, position)
      );`,
  },
  async apply(client, tables, events: readonly RecordedEvent[]) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as LeaseEvent;
      const position = recorded.position.toString();
      switch (event.type) {
        case 'LeaseSigned': {
          const d = event.data;
          const security = d.security;
          await client.query(
            `INSERT INTO ${tables.leases} (lease_id, household_id, member_ids, dwelling_id, origin, offer_id, application_id, contract_type,
               signed_on, start_date, end_date, term_legal_basis, temporary_housing_aim_end_date, monthly_rent, security_kind, security_amount,
               guarantor, previous_lease_id, status, signed_position, position)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,'active',$19,$19)`,
            [
              d.leaseId,
              d.householdId,
              d.memberIds,
              d.dwellingId,
              d.origin.kind,
              d.origin.kind === 'offer' ? d.origin.offerId : null,
              d.origin.kind === 'offer' ? d.origin.applicationId : null,
              d.contractType,
              d.signedOn,
              d.startDate,
              d.endDate,
              d.termLegalBasis,
              d.temporaryHousingAimEndDate,
              d.monthlyRent,
              security.kind,
              security.kind === 'none' ? null : security.amount,
              security.kind === 'guarantee' ? security.guarantor : null,
              d.previousLeaseId,
              position,
            ],
          );
          break;
        }
        case 'RentAdjusted': {
          const d = event.data;
          await client.query(
            `INSERT INTO ${tables.lease_rent_changes} VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
            [d.leaseId, position, d.adjustedOn, d.effectiveFrom, d.previousRent, d.newRent, d.basis, d.indexReference],
          );
          await client.query(`UPDATE ${tables.leases} SET monthly_rent = $2, position = $3 WHERE lease_id = $1`, [d.leaseId, d.newRent, position]);
          break;
        }
        case 'LeaseRenewed': {
          const d = event.data;
          await client.query(`INSERT INTO ${tables.lease_renewals} VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, [
            d.leaseId,
            position,
            d.previousEndDate,
            d.newEndDate,
            d.decidedOn,
            d.notifiedOn,
            d.appealDeadline,
            d.legalBasis,
            d.reasons,
          ]);
          await client.query(`UPDATE ${tables.leases} SET end_date = $2, position = $3 WHERE lease_id = $1`, [d.leaseId, d.newEndDate, position]);
          break;
        }
        case 'LeaseNoticeGiven': {
          const d = event.data;
          await client.query(
            `UPDATE ${tables.leases} SET status = 'under-notice', notice_given_by = $2, notice_given_on = $3, notice_effective_on = $4, position = $5 WHERE lease_id = $1`,
            [d.leaseId, d.givenBy, d.givenOn, d.effectiveOn, position],
          );
          break;
        }
        case 'LeaseEnded': {
          const d = event.data;
          await client.query(
            `UPDATE ${tables.leases} SET status = 'ended', ended_on = $2, end_reason = $3, eviction_enforced_on = $4, transfer_lease_id = $5, position = $6 WHERE lease_id = $1`,
            [d.leaseId, d.endedOn, d.reason, d.evictionEnforcedOn, d.transferLeaseId, position],
          );
          break;
        }
      }
    }
  },
};
