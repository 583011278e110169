import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import type { RecordedEvent } from '../../src/event-store/event-envelope.js';
import { householdTenancyStreamId } from '../../src/leases/household-tenancy-stream.js';
import { LeaseCommandsHandler } from '../../src/leases/lease-commands.handler.js';
import { leaseIdForOpeningBalance } from '../../src/leases/lease-id.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import { createLogger } from '../../src/observability/logger.js';
import { tenantToOwnerProcessManager } from '../../src/ownership/tenant-to-owner.process-manager.js';
import { TransitionCommandsHandler } from '../../src/ownership/transition-commands.handler.js';
import { transitionDecider } from '../../src/ownership/transition/transition.decider.js';
import { transitionStreamId } from '../../src/ownership/transition-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import type { IdempotentSteps } from '../../src/process-managers/idempotent-steps.js';
import type { ProcessManager } from '../../src/process-managers/process-manager.js';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const logger = createLogger('silent');
const ctx = (on: string) => ({ actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });

/** The same process manager, killed (an exception) just before its `killAt`-th command for the event `eventId`. */
function killedAt(eventId: string, killAt: number): ProcessManager {
  const real = tenantToOwnerProcessManager();
  let calls = 0;
  return {
    ...real,
    handle(event, steps) {
      if (event.id !== eventId) return real.handle(event, steps);
      const dying = new Proxy(steps, {
        get(target, property) {
          if (property === 'execute') {
            return (...args: Parameters<IdempotentSteps['execute']>) => {
              if (++calls === killAt) throw new Error('process killed');
              return target.execute(...args);
            };
          }
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return real.handle(event, dying);
    },
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`tenant-to-owner process manager on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), logger);
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    const runner = (manager: ProcessManager) => new ProcessManagerRunner(runtime.pool, runtime.store, [manager], { batchSize: 50, pollIntervalMs: 20, logger, commandRetries: 3 });
    /**
     * Steps until the checkpoint has passed every event in the table. On a PostgreSQL server shared
     * with other suites a just-committed event can stay below the log's visibility bound for a moment.
     */
    const drain = async (r: ProcessManagerRunner, m: ProcessManager) => {
      const last = BigInt((await runtime.pool.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM events')).rows[0]!.p);
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        if (!(await r.step(m)) && (await r.status())[0]!.position >= last) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error('the process manager did not reach the end of the log');
    };
    const types = async (streamId: string) => {
      const out: string[] = [];
      for await (const e of runtime.store.readStream(streamId)) out.push(e.type);
      return out;
    };
    /** Every event in the log, counted in the table (no visibility bound): a refused command adds none. */
    const eventCount = async () => (await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    const lastOf = async (streamId: string, type: string): Promise<RecordedEvent> => {
      let found: RecordedEvent | undefined;
      for await (const e of runtime.store.readStream(streamId)) if (e.type === type) found = e;
      return found!;
    };

    /** A let dwelling with a grant, a lease (opening balance), a transition completed with the given plan. */
    async function completedTransition(plan: 'buy-rented-dwelling' | 'buy-on-market', grantSettlement = plan === 'buy-rented-dwelling') {
      const { dwellingId, householdId, leaseId } = await letDwelling();
      const transitionId = uuidv7();
      const transitions = new TransitionCommandsHandler(runtime.executor);
      await transitions.start({ type: 'StartTransition', transitionId, leaseId, plan, startedOn: '2026-01-10', actor: 'caseworker-1' }, ctx('2026-01-10'));
      // Straight on the aggregate: the handler's check of the sale is bypassed on purpose when grantSettlement is false.
      await runtime.executor.execute(
        transitionDecider,
        transitionStreamId(transitionId),
        {
          type: 'CompleteTransition',
          transitionId,
          purchasedOn: '2026-03-01',
          price: 2_500_000,
          grantSettlement: grantSettlement ? { kind: 'repayment', amount: null, overrideJustification: null } : null,
          actor: 'caseworker-1',
        },
        ctx('2026-03-01'),
      );
      return { dwellingId, householdId, leaseId, transitionId, completed: await lastOf(transitionStreamId(transitionId), 'TransitionCompleted') };
    }

    /** A dwelling with Husbanken's grant, let under a lease recorded as opening balance. */
    async function letDwelling() {
      const dwellingId = uuidv7();
      const householdId = uuidv7();
      await runtime.executor.execute(
        dwellingDecider,
        dwellingStreamId(dwellingId),
        {
          type: 'AcquireDwelling',
          dwellingId,
          acquiredOn: '2015-06-15',
          acquisition: { method: 'purchase', price: 2_000_000, financing: { rentalHousingGrant: { amount: 600_000, grantDate: '2015-06-15', writeDownYears: 30 }, husbankenLoan: 1_000_000, ownFunds: 400_000 } },
          matrikkel: { kommunenummer: '3405', gardsnummer: 1, bruksnummer: 2, festenummer: null, seksjonsnummer: null },
          bruksenhetsnummer: 'H0101',
          address: { street: 'Storgata 1', postalCode: '2609', postalTown: 'Lillehammer' },
          district: 'Sentrum',
          dwellingType: 'ordinary',
          rooms: 3,
          bedrooms: 2,
          primaryAreaM2: 60,
          floor: 1,
          wheelchairAccessible: false,
          universallyDesigned: false,
          sharedLiving: false,
          rentToOwnPotential: true,
          ownership: 'municipal',
          leaseInEndDate: null,
        } as never,
        ctx('2015-06-15'),
      );
      const leaseId = leaseIdForOpeningBalance(dwellingId, '2024-01-01');
      await new SignLeaseHandler(runtime.store, runtime.config).recordOpeningBalance(
        { leaseId, householdId, memberIds: [], dwellingId, importReference: 'test' },
        { contractType: 'ordinary', signedOn: '2023-12-01', startDate: '2024-01-01', endDate: null, monthlyRent: 9_000, security: { kind: 'none' } },
        ctx('2023-12-01'),
      );
      return { dwellingId, householdId, leaseId };
    }

    /** The lease ends (the household moved out) and the dwelling is let to another household under a new lease. */
    async function endAndReletTo(t: { dwellingId: string; leaseId: string }, endedOn: string, startDate: string) {
      await new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(
        { type: 'EndLease', leaseId: t.leaseId, endedOn, reason: 'moved-out', evictionEnforcedOn: null, transferLeaseId: null, note: null, actor: 'caseworker-1' },
        ctx(endedOn),
      );
      const next = { householdId: uuidv7(), leaseId: uuidv7() };
      await new SignLeaseHandler(runtime.store, runtime.config).recordOpeningBalance(
        { leaseId: next.leaseId, householdId: next.householdId, memberIds: [], dwellingId: t.dwellingId, importReference: 'test' },
        { contractType: 'ordinary', signedOn: endedOn, startDate, endDate: null, monthlyRent: 9_500, security: { kind: 'none' } },
        ctx(endedOn),
      );
      return next;
    }

    const complete = (transitionId: string, grantSettlement: boolean) =>
      new TransitionCommandsHandler(runtime.executor).complete(
        {
          type: 'CompleteTransition',
          transitionId,
          purchasedOn: '2026-03-01',
          price: 2_500_000,
          grantSettlement: grantSettlement ? { kind: 'repayment', amount: null, overrideJustification: null } : null,
          actor: 'caseworker-1',
        },
        ctx('2026-03-01'),
      );

    it('completing a purchase of the rented dwelling after the lease ended and the dwelling was let to another household is refused and writes nothing', async () => {
      const first = await letDwelling();
      const transitionId = uuidv7();
      await new TransitionCommandsHandler(runtime.executor).start(
        { type: 'StartTransition', transitionId, leaseId: first.leaseId, plan: 'buy-rented-dwelling', startedOn: '2026-01-10', actor: 'caseworker-1' },
        ctx('2026-01-10'),
      );
      const next = await endAndReletTo(first, '2026-01-31', '2026-02-01');
      const before = await eventCount();
      const refused = complete(transitionId, true);
      await expect(refused).rejects.toMatchObject({ code: 'LEASE_NOT_ACTIVE', field: 'transitionId' });
      await expect(refused).rejects.toThrow(/ended on 2026-01-31 \(moved-out\).*Abandon the transition/);
      expect(await eventCount()).toBe(before);
      expect(await types(transitionStreamId(transitionId))).toEqual(['TransitionStarted']);
      // The other household's lease and the dwelling are untouched, also once the process manager has run.
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(first.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingVacated', 'DwellingLet']);
      expect(await types(leaseStreamId(next.leaseId))).toEqual(['LeaseSigned']);
    });

    it('completing a purchase on the market after the lease ended is refused and writes nothing', async () => {
      const { leaseId } = await letDwelling();
      const transitionId = uuidv7();
      await new TransitionCommandsHandler(runtime.executor).start(
        { type: 'StartTransition', transitionId, leaseId, plan: 'buy-on-market', startedOn: '2026-01-10', actor: 'caseworker-1' },
        ctx('2026-01-10'),
      );
      await new LeaseCommandsHandler(runtime.executor, runtime.store, 3).end(
        { type: 'EndLease', leaseId, endedOn: '2026-01-31', reason: 'eviction', evictionEnforcedOn: '2026-01-31', transferLeaseId: null, note: null, actor: 'caseworker-1' },
        ctx('2026-01-31'),
      );
      const before = await eventCount();
      await expect(complete(transitionId, false)).rejects.toMatchObject({ code: 'LEASE_NOT_ACTIVE', field: 'transitionId' });
      expect(await eventCount()).toBe(before);
    });

    it('completing while the lease runs is accepted, and the process manager sells to the sitting tenant', async () => {
      const t = await letDwelling();
      const transitionId = uuidv7();
      await new TransitionCommandsHandler(runtime.executor).start(
        { type: 'StartTransition', transitionId, leaseId: t.leaseId, plan: 'buy-rented-dwelling', startedOn: '2026-01-10', actor: 'caseworker-1' },
        ctx('2026-01-10'),
      );
      expect(await complete(transitionId, true)).not.toBeNull();
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingSold']);
      expect((await lastOf(leaseStreamId(t.leaseId), 'LeaseEnded')).data).toMatchObject({ reason: 'bought-dwelling' });
    });

    it('a lease ended after the completion was recorded: nothing is sold, the failure is recorded on the transition', async () => {
      const t = await completedTransition('buy-rented-dwelling');
      // Before the process manager reacts, the lease ends and the dwelling is let to another household.
      const next = await endAndReletTo(t, '2026-03-02', '2026-03-03');
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingVacated', 'DwellingLet']);
      expect(await types(leaseStreamId(next.leaseId))).toEqual(['LeaseSigned']);
      expect(await types(householdTenancyStreamId(next.householdId))).toEqual(['TenancyStarted']);
      const failed = await lastOf(transitionStreamId(t.transitionId), 'TransitionFollowUpFailed');
      expect(failed.data).toMatchObject({ step: 'sell', code: 'LEASE_NOT_ACTIVE', triggeringEventId: t.completed.id });
      expect(await types(transitionStreamId(t.transitionId))).toEqual(['TransitionStarted', 'TransitionCompleted', 'TransitionFollowUpFailed']);
    });

    it('buying the rented dwelling: sold to the sitting tenant with the grant repaid, the lease and the tenancy ended', async () => {
      const t = await completedTransition('buy-rented-dwelling');
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingSold']);
      const sold = await lastOf(dwellingStreamId(t.dwellingId), 'DwellingSold');
      expect(sold.data).toMatchObject({ buyer: 'sitting-tenant', soldOn: '2026-03-01', price: 2_500_000, grantSettlement: { kind: 'repayment' } });
      expect((sold.data as { grantOutstanding: number }).grantOutstanding).toBeGreaterThan(0);
      expect(sold.metadata).toMatchObject({ actor: 'system:tenant-to-owner', causationId: t.completed.id });
      expect(await types(leaseStreamId(t.leaseId))).toEqual(['LeaseSigned', 'LeaseEnded']);
      expect((await lastOf(leaseStreamId(t.leaseId), 'LeaseEnded')).data).toMatchObject({ reason: 'bought-dwelling', endedOn: '2026-03-01' });
      expect(await types(householdTenancyStreamId(t.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
    });

    it('a duplicate delivery of the completion acts once', async () => {
      const t = await completedTransition('buy-rented-dwelling');
      const pm = tenantToOwnerProcessManager();
      const r = runner(pm);
      await r.deliver(pm, t.completed);
      await r.deliver(pm, t.completed);
      await drain(r, pm); // the log delivers the completion again, and the DwellingSold on top
      await r.deliver(pm, t.completed);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingSold']);
      expect(await types(leaseStreamId(t.leaseId))).toEqual(['LeaseSigned', 'LeaseEnded']);
      expect(await types(householdTenancyStreamId(t.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
      expect(await types(transitionStreamId(t.transitionId))).toEqual(['TransitionStarted', 'TransitionCompleted']);
    });

    it('killed after the sale and before the lease ended, it resumes after a restart and does each step once', async () => {
      const t = await completedTransition('buy-rented-dwelling');
      const dying = killedAt(t.completed.id, 2); // the sale is command 1, the lease's end command 2
      await expect(drain(runner(dying), dying)).rejects.toThrow('process killed');
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingSold']);
      expect(await types(leaseStreamId(t.leaseId))).toEqual(['LeaseSigned']);
      // A new process: a new runner started from the checkpoint the killed one left.
      const pm = tenantToOwnerProcessManager();
      const restarted = runner(pm);
      await restarted.start();
      await restarted.waitForPosition(BigInt((await runtime.pool.query<{ p: string }>('SELECT max(position)::text AS p FROM events')).rows[0]!.p), 10_000);
      await restarted.stop();
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingSold']);
      expect(await types(leaseStreamId(t.leaseId))).toEqual(['LeaseSigned', 'LeaseEnded']);
      expect(await types(householdTenancyStreamId(t.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
    });

    it('buying on the market: the lease ends and the dwelling is available again', async () => {
      const t = await completedTransition('buy-on-market');
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet', 'DwellingVacated']);
      expect((await lastOf(leaseStreamId(t.leaseId), 'LeaseEnded')).data).toMatchObject({ reason: 'moved-out', endedOn: '2026-03-01' });
      expect(await types(householdTenancyStreamId(t.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
    });

    it('a sale to the sitting tenant recorded straight on the dwelling also ends the lease', async () => {
      const t = await letDwelling();
      // No transition: a caseworker records the sale on the dwelling itself.
      const pm = tenantToOwnerProcessManager();
      await runtime.executor.execute(
        dwellingDecider,
        dwellingStreamId(t.dwellingId),
        { type: 'SellDwelling', dwellingId: t.dwellingId, soldOn: '2026-02-01', price: 2_400_000, buyer: 'sitting-tenant', grantSettlement: { kind: 'repayment', amount: null, overrideJustification: null } },
        ctx('2026-02-01'),
      );
      await drain(runner(pm), pm);
      expect((await lastOf(leaseStreamId(t.leaseId), 'LeaseEnded')).data).toMatchObject({ reason: 'bought-dwelling', endedOn: '2026-02-01' });
      expect(await types(householdTenancyStreamId(t.householdId))).toEqual(['TenancyStarted', 'TenancyEnded']);
    });

    it('a sale the portfolio refuses is recorded on the transition, and the process goes on', async () => {
      const t = await completedTransition('buy-rented-dwelling', false);
      const pm = tenantToOwnerProcessManager();
      await drain(runner(pm), pm);
      expect(await types(dwellingStreamId(t.dwellingId))).toEqual(['DwellingAcquired', 'DwellingLet']);
      expect(await types(leaseStreamId(t.leaseId))).toEqual(['LeaseSigned']);
      const failed = await lastOf(transitionStreamId(t.transitionId), 'TransitionFollowUpFailed');
      expect(failed.data).toMatchObject({ step: 'sell', triggeringEventId: t.completed.id });
    });
  });
}
