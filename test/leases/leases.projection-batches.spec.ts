import { v7 as uuidv7 } from 'uuid';
import { leaseDecider } from '../../src/leases/lease/lease.decider.js';
import type { LeaseCommand } from '../../src/leases/lease/lease.commands.js';
import type { LeaseEvent } from '../../src/leases/lease/lease.events.js';
import type { LeaseState } from '../../src/leases/lease/lease.state.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { leasesProjection } from '../../src/leases/leases.projection.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { asRecorded, tablesAfterBatches } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { random } from '../support/seeded-random.js';


const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const rules = { minimumTimeLimitedMonths: 36, temporaryHousingAimMonths: 6 };
const actor = 'caseworker-1';

/** A command the decider may or may not allow in the lease's state. */
function someCommand(leaseId: string, state: LeaseState, step: number, r: ReturnType<typeof random>): LeaseCommand {
  if (state.status === 'none') {
    const timeLimited = r.next() < 0.5;
    return {
      type: 'SignLease', leaseId, householdId: uuidv7(),
      // Member ids that need quoting in an array literal, so text[] is written back exactly.
      memberIds: r.next() < 0.5 ? [] : ['p-1', 'with,comma', 'with "quote"', 'back\\slash', '{brace}', 'NULL'],
      dwellingId: uuidv7(),
      origin: r.next() < 0.5 ? { kind: 'opening-balance', importReference: `IMP-${step}` } : { kind: 'offer', offerId: `O-${step}`, applicationId: `A-${step}` },
      contractType: 'ordinary', signedOn: day(step), startDate: day(step), endDate: timeLimited ? day(step + 3 * 366) : null,
      termLegalBasis: timeLimited ? 'husleieloven § 11-1' : null, monthlyRent: 8000 + r.int(4000),
      security: r.pick([{ kind: 'none' }, { kind: 'deposit', amount: 20_000 }, { kind: 'guarantee', amount: 30_000, guarantor: 'nav', reference: null }] as const),
      previousLeaseId: null, rules, actor,
    };
  }
  return r.pick<LeaseCommand>([
    { type: 'AdjustRent', leaseId, adjustedOn: day(step), effectiveFrom: day(step + 30), newRent: 8000 + r.int(5000), basis: 'index', indexReference: r.next() < 0.5 ? null : 'KPI', actor },
    { type: 'RenewLease', leaseId, newEndDate: day(step + 5 * 366), termLegalBasis: 'husleieloven § 11-1', decidedOn: day(step), notifiedOn: day(step), legalBasis: 'tildelingsforskriften § 9', reasons: 'still qualifies', rules, actor },
    { type: 'GiveNotice', leaseId, givenBy: r.pick(['tenant', 'landlord'] as const), givenOn: day(step), effectiveOn: day(step + 90), reason: 'moving', actor },
    { type: 'EndLease', leaseId, endedOn: day(step + 1), reason: r.pick(['moved-out', 'eviction'] as const), evictionEnforcedOn: null, transferLeaseId: null, note: null, actor },
  ]);
}

for (const kind of testDatabaseKinds()) {
  describe(`leases projection on ${kind}: a batch writes what its events one by one write`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
    });
    afterAll(async () => {
      await db.drop();
    });

    it('applying a seeded history in one batch, in batches of 7 and one event per batch gives identical tables', async () => {
      const r = random(2026);
      // One lease named in upper case: PostgreSQL matches it to the stored lower-case id, and so must the batch.
      const ids = [...Array.from({ length: 7 }, () => uuidv7()), uuidv7().toUpperCase()];
      const states = new Map<string, LeaseState>(ids.map((id) => [id, leaseDecider.initialState]));
      const decided: Array<{ streamId: string; type: string; data: unknown }> = [];
      for (let step = 0; step < 160; step++) {
        const leaseId = step < ids.length ? ids[step]! : r.pick(ids);
        let state = states.get(leaseId)!;
        try {
          const events: LeaseEvent[] = leaseDecider.decide(someCommand(leaseId, state, step * 3, r), state);
          for (const e of events) {
            state = leaseDecider.evolve(state, e);
            decided.push({ streamId: leaseStreamId(leaseId.toLowerCase()), type: e.type, data: e.data });
          }
          states.set(leaseId, state);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
      // Events for a lease that has no row, or naming none: they change nothing and version nothing.
      decided.push({ streamId: leaseStreamId('00000000-0000-7000-8000-000000000000'), type: 'RentAdjusted', data: { leaseId: '00000000-0000-7000-8000-000000000000', adjustedOn: day(1), effectiveFrom: day(2), previousRent: 1, newRent: 2, basis: 'agreement', indexReference: null, actor } });
      decided.push({ streamId: 'lease-none', type: 'LeaseNoticeGiven', data: { givenBy: 'tenant', givenOn: day(1), effectiveOn: day(2), reason: null, actor } });
      const events = asRecorded(decided);
      for (const t of ['LeaseSigned', 'RentAdjusted', 'LeaseRenewed', 'LeaseNoticeGiven', 'LeaseEnded']) expect(events.map((e) => e.type)).toContain(t);

      const single = await tablesAfterBatches(db.pool, leasesProjection, events, 1, 'single');
      expect(await tablesAfterBatches(db.pool, leasesProjection, events, events.length, 'all')).toEqual(single);
      expect(await tablesAfterBatches(db.pool, leasesProjection, events, 7, 'sevens')).toEqual(single);
      // Every table has rows, and versions were closed across batches.
      for (const rows of Object.values(single)) expect(rows.length).toBeGreaterThan(0);
      expect(single.leases).toHaveLength(ids.length);
      const { rows } = await db.pool.query<{ member_ids: string[] }>('SELECT member_ids FROM leases_all WHERE cardinality(member_ids) > 0 LIMIT 1');
      expect(rows[0]!.member_ids).toEqual(['p-1', 'with,comma', 'with "quote"', 'back\\slash', '{brace}', 'NULL']);
    }, 120_000);
  });
}
