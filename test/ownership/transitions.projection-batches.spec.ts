import { v7 as uuidv7 } from 'uuid';
import { transitionsProjection } from '../../src/ownership/transitions.projection.js';
import { transitionDecider } from '../../src/ownership/transition/transition.decider.js';
import type { TransitionCommand } from '../../src/ownership/transition/transition.commands.js';
import type { TransitionEvent } from '../../src/ownership/transition/transition.events.js';
import type { TransitionState } from '../../src/ownership/transition/transition.state.js';
import { transitionStreamId } from '../../src/ownership/transition-stream.js';
import type { DwellingSold } from '../../src/portfolio/dwelling/dwelling.events.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { asRecorded, tablesAfterBatches } from '../support/projection-batches.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';
import { random } from '../support/seeded-random.js';


const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const actor = 'caseworker-1';

/** A command the decider may or may not allow in the transition's state; dates wander back and forth (GREATEST keeps the latest counselling). */
function someCommand(transitionId: string, state: TransitionState, step: number, r: ReturnType<typeof random>): TransitionCommand {
  if (state.status === 'none') {
    return {
      type: 'StartTransition', transitionId,
      lease: { leaseId: uuidv7(), status: 'active', householdId: uuidv7(), dwellingId: uuidv7(), startDate: day(0) },
      plan: r.pick(['buy-rented-dwelling', 'buy-on-market'] as const), startedOn: day(1), actor,
    };
  }
  const on = day(2 + r.int(200));
  const loanReference = r.pick(['SL-1', 'SL-2', 'SL-3']);
  return r.pick<TransitionCommand>([
    { type: 'ChangeTransitionPlan', transitionId, plan: r.pick(['buy-rented-dwelling', 'buy-on-market'] as const), changedOn: on, reason: 'household asked', actor },
    { type: 'RecordFinancialCounselling', transitionId, counselledOn: on, counsellor: 'NAV', summary: 'budget', actor },
    { type: 'RecordFinancialCounselling', transitionId, counselledOn: on, counsellor: 'NAV', summary: 'budget', actor },
    { type: 'GrantStartlan', transitionId, loanReference, amount: 500_000 + r.int(3) * 1_000_000_000, grantedOn: day(2), husbankenReportedOn: r.next() < 0.3 ? day(3) : null, actor },
    { type: 'GrantStartlan', transitionId, loanReference, amount: 500_000 + r.int(3) * 1_000_000_000, grantedOn: day(2), husbankenReportedOn: r.next() < 0.3 ? day(3) : null, actor },
    { type: 'ReportStartlanToHusbanken', transitionId, loanReference, reportedOn: day(4 + step), actor },
    { type: 'RecordOtherFinancing', transitionId, source: 'equity', amount: 1 + r.int(100_000), recordedOn: on, note: null, actor },
    { type: 'RecordFollowUpFailure', transitionId, step: 'sell-dwelling', code: 'DWELLING_CHANGED', message: `attempt ${step}`, triggeringEventId: uuidv7() },
    r.next() < 0.5
      ? { type: 'CompleteTransition', transitionId, purchasedOn: on, price: 2_000_000 + r.int(1_000_000), grantSettlement: null, actor }
      : { type: 'AbandonTransition', transitionId, abandonedOn: on, reason: 'no financing', actor },
  ]);
}

function sold(dwellingId: string, buyer: DwellingSold['data']['buyer'], price: number): { streamId: string; type: string; data: DwellingSold['data'] } {
  return { streamId: dwellingStreamId(dwellingId), type: 'DwellingSold', data: { dwellingId, soldOn: day(10), price, buyer, grantOutstanding: price % 7, grantSettlement: null } };
}

for (const kind of testDatabaseKinds()) {
  describe(`ownership transitions projection on ${kind}: a batch writes what its events one by one write`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 2);
    });
    afterAll(async () => {
      await db.drop();
    });

    it('applying a seeded history in one batch, in batches of 5 and one event per batch gives identical tables', async () => {
      const r = random(1881);
      // One transition named in upper case: PostgreSQL matches it to the stored lower-case id, and so must the batch.
      const ids = [...Array.from({ length: 7 }, () => uuidv7()), uuidv7().toUpperCase()];
      const states = new Map<string, TransitionState>(ids.map((id) => [id, transitionDecider.initialState]));
      const decided: Array<{ streamId: string; type: string; data: unknown }> = [];
      for (let step = 0; step < 220; step++) {
        const transitionId = step < ids.length ? ids[step]! : r.pick(ids);
        let state = states.get(transitionId)!;
        try {
          const events: TransitionEvent[] = transitionDecider.decide(someCommand(transitionId, state, step, r), state);
          for (const e of events) {
            state = transitionDecider.evolve(state, e);
            decided.push({ streamId: transitionStreamId(transitionId.toLowerCase()), type: e.type, data: e.data });
          }
          states.set(transitionId, state);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
        if (step % 40 === 0) decided.push(sold(uuidv7(), r.pick(['sitting-tenant', 'open-market'] as const), 1_000_000 + step));
      }
      // Events about a transition or a loan that has no row, or naming none, change nothing (the UPDATE and the INSERT … SELECT find none).
      const unknown = '00000000-0000-7000-8000-000000000000';
      decided.push({ streamId: transitionStreamId(unknown), type: 'StartlanGranted', data: { transitionId: unknown, loanReference: 'SL-9', amount: 1, grantedOn: day(1), husbankenReportedOn: null, actor } });
      decided.push({ streamId: transitionStreamId(unknown), type: 'FinancialCounsellingRecorded', data: { transitionId: unknown, counselledOn: day(1), counsellor: 'x', summary: 'x', actor } });
      decided.push({ streamId: transitionStreamId(ids[0]!), type: 'StartlanReportedToHusbanken', data: { transitionId: ids[0], loanReference: 'SL-none', reportedOn: day(9), actor } });
      decided.push({ streamId: transitionStreamId(unknown), type: 'TransitionAbandoned', data: { abandonedOn: day(9), reason: 'no id', actor } });
      decided.push(sold(uuidv7(), 'sitting-tenant', 1_750_000));
      const events = asRecorded(decided);
      const types = new Set(events.map((e) => e.type));
      for (const t of transitionsProjection.eventTypes!) expect(types).toContain(t);

      const single = await tablesAfterBatches(db.pool, transitionsProjection, events, 1, 'single');
      expect(await tablesAfterBatches(db.pool, transitionsProjection, events, events.length, 'all')).toEqual(single);
      expect(await tablesAfterBatches(db.pool, transitionsProjection, events, 5, 'fives')).toEqual(single);
      for (const rows of Object.values(single)) expect(rows.length).toBeGreaterThan(0);
      expect(single.ownership_transitions).toHaveLength(ids.length);
    }, 120_000);
  });
}
