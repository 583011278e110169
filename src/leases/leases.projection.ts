import type { RecordedEvent } from '../event-store/event-envelope.js';
import { BatchHistory } from '../projections/batch/batch-history.js';
import { AppendRows, BatchRows, type Row } from '../projections/batch/batch-rows.js';
import { idKey } from '../projections/batch/uuid-key.js';
import { historyTableDdl } from '../projections/valid-time-history.js';
import type { Projection } from '../projections/projection.js';
import type { LeaseEvent } from './lease/lease.events.js';
import { LEASE_EVENT_TYPES } from './lease/lease.events.js';

type Tables = 'leases' | 'lease_rent_changes' | 'lease_renewals' | 'leases_history';

/**
 * Leases as caseworkers and statistics read them: one row per lease with its current terms and
 * status ('active', 'under-notice', 'ended'), and the history of rent changes and renewals. Active
 * leases, the renewal work queue (ending within N days), a household's tenancy history (its leases
 * in order, a transfer linked by previous_lease_id) and evictions per period are queries on these.
 */
export const leasesProjection: Projection<Tables> = {
  name: 'leases',
  // 2: every version of a lease row is kept with its validity (leases_history), for `lease(id, asOf)`.
  version: 2,
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
    leases_history: (t, names) => historyTableDdl(t, names.leases, ['lease_id']),
  },
  async apply(client, tables, events: readonly RecordedEvent[]) {
    // A batch costs the same few statements whatever its size: the leases it names are loaded in one
    // query, the events applied to them in memory in log order, and each table written once at the end.
    const leases = new BatchRows(tables.leases, ['lease_id']);
    const rentChanges = new AppendRows(tables.lease_rent_changes);
    const renewals = new AppendRows(tables.lease_renewals);
    const history = new BatchHistory(tables.leases_history, 'lease_id');
    const ids = events.map((e) => idKey((e.data as { leaseId?: unknown }).leaseId));
    await leases.load(client, ids.filter((id): id is string => id !== null));
    for (const [i, recorded] of events.entries()) {
      const event = { type: recorded.type, data: recorded.data } as LeaseEvent;
      const position = recorded.position.toString();
      const leaseId = ids[i]!;
      if (leaseId === null) {
        // No lease id: the INSERT failed on lease_id NOT NULL; an UPDATE or a version of lease_id = NULL touched nothing.
        if (event.type === 'LeaseSigned') throw new Error(`null value in column "lease_id" of relation "${tables.leases}" violates not-null constraint`);
        continue;
      }
      // An abandoned signing never became a lease: no row, no version (its stream's history tells it).
      if (event.type === 'LeaseSigningAbandoned') continue;
      // An UPDATE of a lease that has no row changes nothing; so does `update` here.
      const update = (changes: Row) => leases.update(leaseId, [leaseId], { ...changes, position });
      switch (event.type) {
        case 'LeaseSigned': {
          const d = event.data;
          // The INSERT had no ON CONFLICT: a second signing of one lease fails the event, as before.
          if (leases.one(leaseId)) throw new Error(`duplicate key value violates unique constraint: lease ${leaseId} is already in ${tables.leases}`);
          const security = d.security;
          leases.put({
            lease_id: leaseId,
            household_id: d.householdId,
            member_ids: d.memberIds,
            dwelling_id: d.dwellingId,
            origin: d.origin.kind,
            offer_id: d.origin.kind === 'offer' ? d.origin.offerId : null,
            application_id: d.origin.kind === 'offer' ? d.origin.applicationId : null,
            contract_type: d.contractType,
            signed_on: d.signedOn,
            start_date: d.startDate,
            end_date: d.endDate,
            term_legal_basis: d.termLegalBasis,
            temporary_housing_aim_end_date: d.temporaryHousingAimEndDate,
            monthly_rent: d.monthlyRent,
            security_kind: security.kind,
            security_amount: security.kind === 'none' ? null : security.amount,
            guarantor: security.kind === 'guarantee' ? security.guarantor : null,
            previous_lease_id: d.previousLeaseId,
            status: 'active',
            notice_given_by: null,
            notice_given_on: null,
            notice_effective_on: null,
            ended_on: null,
            end_reason: null,
            eviction_enforced_on: null,
            transfer_lease_id: null,
            signed_position: position,
            position,
          });
          break;
        }
        case 'RentAdjusted': {
          const d = event.data;
          rentChanges.add({
            lease_id: d.leaseId,
            position,
            adjusted_on: d.adjustedOn,
            effective_from: d.effectiveFrom,
            previous_rent: d.previousRent,
            new_rent: d.newRent,
            basis: d.basis,
            index_reference: d.indexReference,
          });
          update({ monthly_rent: d.newRent });
          break;
        }
        case 'LeaseRenewed': {
          const d = event.data;
          renewals.add({
            lease_id: d.leaseId,
            position,
            previous_end_date: d.previousEndDate,
            new_end_date: d.newEndDate,
            decided_on: d.decidedOn,
            notified_on: d.notifiedOn,
            appeal_deadline: d.appealDeadline,
            legal_basis: d.legalBasis,
            reasons: d.reasons,
          });
          update({ end_date: d.newEndDate });
          break;
        }
        case 'LeaseNoticeGiven': {
          const d = event.data;
          update({ status: 'under-notice', notice_given_by: d.givenBy, notice_given_on: d.givenOn, notice_effective_on: d.effectiveOn });
          break;
        }
        case 'LeaseEnded': {
          const d = event.data;
          update({ status: 'ended', ended_on: d.endedOn, end_reason: d.reason, eviction_enforced_on: d.evictionEnforcedOn, transfer_lease_id: d.transferLeaseId });
          break;
        }
      }
      // The row's new version, as known from this event's recording on (time travel).
      history.record(leaseId, leases.group(leaseId), recorded);
    }
    await leases.flush(client);
    await rentChanges.flush(client);
    await renewals.flush(client);
    await history.flush(client);
  },
};
