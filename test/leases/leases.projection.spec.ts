import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { LeaseCommandsHandler } from '../../src/leases/lease-commands.handler.js';
import { leaseIdForOpeningBalance } from '../../src/leases/lease-id.js';
import { LeasesReadModel } from '../../src/leases/leases.read-model.js';
import { SignLeaseHandler } from '../../src/leases/sign-lease/sign-lease.handler.js';
import { createLogger } from '../../src/observability/logger.js';
import { TransitionCommandsHandler } from '../../src/ownership/transition-commands.handler.js';
import { TransitionsReadModel } from '../../src/ownership/transitions.read-model.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { tableChecksum } from '../../src/projections/read-model-checksum.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

const ctx = (on: string) => ({ actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });
const TABLES = ['leases', 'lease_rent_changes', 'lease_renewals', 'ownership_transitions', 'startlan_loans', 'dwellings_sold_to_tenants'];

for (const kind of testDatabaseKinds()) {
  describe(`leases and ownership read models on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let last = 0n;
    const households: string[] = [];
    const leaseIds: string[] = [];
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_BATCH_SIZE: '5', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      await runtime.runner.start();
      const signing = new SignLeaseHandler(runtime.store, runtime.config);
      const commands = new LeaseCommandsHandler(runtime.executor, runtime.store, 3);
      const note = (p: bigint | null) => {
        if (p !== null && p > last) last = p;
      };
      const dwellings: string[] = [];
      for (let i = 0; i < 6; i++) {
        const dwellingId = uuidv7();
        dwellings.push(dwellingId);
        await runtime.executor.execute(
          dwellingDecider,
          dwellingStreamId(dwellingId),
          {
            type: 'RegisterDwelling',
            dwellingId,
            registeredOn: '2020-01-01',
            matrikkel: { kommunenummer: '5001', gardsnummer: 400 + i, bruksnummer: 1, festenummer: null, seksjonsnummer: null },
            bruksenhetsnummer: 'H0101',
            address: { street: `Gate ${i}`, postalCode: '7030', postalTown: 'Trondheim' },
            district: 'Midtbyen',
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
          ctx('2020-01-01'),
        );
      }
      // Five households, one lease each; ends in 2026-02..2026-06; the first household is transferred to dwelling 6 later.
      for (let i = 0; i < 5; i++) {
        const householdId = uuidv7();
        households.push(householdId);
        const leaseId = leaseIdForOpeningBalance(dwellings[i]!, '2023-01-01');
        leaseIds.push(leaseId);
        const signed = await signing.recordOpeningBalance(
          { leaseId, householdId, memberIds: [], dwellingId: dwellings[i]!, importReference: 'test' },
          { contractType: 'ordinary', signedOn: '2022-12-01', startDate: '2023-01-01', endDate: `2026-0${2 + i}-01`, monthlyRent: 9_000 + i, security: { kind: 'deposit', amount: 20_000 } },
          ctx('2023-02-01'),
        );
        note(signed.position);
      }
      note(await commands.onLease({ type: 'AdjustRent', leaseId: leaseIds[0]!, adjustedOn: '2024-01-15', effectiveFrom: '2024-03-01', newRent: 9_300, basis: 'index', indexReference: 'KPI', actor: 'c' }, ctx('2024-01-15')));
      note(
        await commands.onLease(
          { type: 'RenewLease', leaseId: leaseIds[1]!, newEndDate: '2030-03-01', termLegalBasis: null, decidedOn: '2025-12-01', notifiedOn: '2025-12-02', legalBasis: '§ 9-3', reasons: 'Still in need.', rules: { minimumTimeLimitedMonths: 36, temporaryHousingAimMonths: 3 }, actor: 'c' },
          ctx('2025-12-01'),
        ),
      );
      note(await commands.end({ type: 'EndLease', leaseId: leaseIds[2]!, endedOn: '2025-03-10', reason: 'eviction', evictionEnforcedOn: '2025-03-10', transferLeaseId: null, note: null, actor: 'c' }, ctx('2025-03-10')));
      note(await commands.end({ type: 'EndLease', leaseId: leaseIds[3]!, endedOn: '2025-05-02', reason: 'eviction', evictionEnforcedOn: '2025-05-02', transferLeaseId: null, note: null, actor: 'c' }, ctx('2025-05-02')));
      // Transfer: the first household moves to dwelling 6; the next lease links back.
      const nextLease = leaseIdForOpeningBalance(dwellings[5]!, '2025-06-01');
      note(await commands.end({ type: 'EndLease', leaseId: leaseIds[0]!, endedOn: '2025-05-31', reason: 'transferred', evictionEnforcedOn: null, transferLeaseId: nextLease, note: null, actor: 'c' }, ctx('2025-05-31')));
      note(
        (
          await signing.recordOpeningBalance(
            { leaseId: nextLease, householdId: households[0]!, memberIds: [], dwellingId: dwellings[5]!, importReference: 'test' },
            { contractType: 'ordinary', signedOn: '2025-05-20', startDate: '2025-06-01', endDate: null, monthlyRent: 9_900, security: { kind: 'none' }, previousLeaseId: leaseIds[0]! },
            ctx('2025-05-20'),
          )
        ).position,
      );
      // A transition started and abandoned, another with startlån, for the read model.
      const transitions = new TransitionCommandsHandler(runtime.executor);
      const t1 = uuidv7();
      note(await transitions.start({ type: 'StartTransition', transitionId: t1, leaseId: leaseIds[4]!, plan: 'buy-on-market', startedOn: '2025-08-01', actor: 'c' }, ctx('2025-08-01')));
      note(await transitions.other({ type: 'GrantStartlan', transitionId: t1, loanReference: 'SL-1', amount: 1_800_000, grantedOn: '2025-09-01', husbankenReportedOn: null, actor: 'c' }, ctx('2025-09-01')));
      const t2 = uuidv7();
      note(await transitions.start({ type: 'StartTransition', transitionId: t2, leaseId: leaseIds[1]!, plan: 'buy-rented-dwelling', startedOn: '2025-08-01', actor: 'c' }, ctx('2025-08-01')));
      note(await transitions.other({ type: 'AbandonTransition', transitionId: t2, abandonedOn: '2025-10-01', reason: 'No financing', actor: 'c' }, ctx('2025-10-01')));
      await runtime.runner.waitForPosition(last, 10_000);
    });
    afterAll(async () => {
      await runtime.close();
      await db.drop();
    });

    it('active leases: the running ones only', async () => {
      const { rows, total } = await new LeasesReadModel(runtime.pool).page({ statuses: ['active', 'under-notice'] }, undefined, 50);
      expect(total).toBe(3);
      expect(rows.map((r) => r.lease_id).sort()).toEqual([leaseIds[1], leaseIds[4], rows.find((r) => r.previous_lease_id === leaseIds[0])!.lease_id].sort());
    });

    it('the renewal work queue: time-limited leases ending within N days, soonest first', async () => {
      const model = new LeasesReadModel(runtime.pool);
      const { rows } = await model.endingWithin('2026-01-15', 150, undefined, 50);
      // Lease 2 was renewed to 2030 and leases 3, 4 and 1 ended: only lease 5 (ends 2026-06-01) is in the window; 90 days (to 2026-04-15) leaves it out.
      expect(rows.map((r) => [r.lease_id, r.end_date])).toEqual([[leaseIds[4], '2026-06-01']]);
      expect((await model.endingWithin('2026-01-15', 90, undefined, 50)).rows).toEqual([]);
    });

    it("a household's tenancy history: both leases in order, the transfer linked", async () => {
      const { rows } = await new LeasesReadModel(runtime.pool).page({ householdId: households[0]! }, undefined, 50);
      expect(rows.map((r) => [r.status, r.end_reason, r.previous_lease_id, r.transfer_lease_id])).toEqual([
        ['ended', 'transferred', null, rows[1]!.lease_id],
        ['active', null, leaseIds[0], null],
      ]);
      expect(rows[0]!.monthly_rent).toBe(9_300);
    });

    it('evictions per period, by month of enforcement', async () => {
      expect(await new LeasesReadModel(runtime.pool).evictions('2025-01-01', '2025-12-31')).toEqual({
        total: 2,
        perMonth: [
          { month: '2025-03', evictions: 1 },
          { month: '2025-05', evictions: 1 },
        ],
      });
      expect((await new LeasesReadModel(runtime.pool).evictions('2025-04-01', '2025-04-30')).total).toBe(0);
    });

    it('transitions by status and the yearly KPI', async () => {
      const model = new TransitionsReadModel(runtime.pool);
      expect((await model.page('started', undefined, 50)).total).toBe(1);
      expect((await model.page('abandoned', undefined, 50)).rows[0]).toMatchObject({ abandon_reason: 'No financing' });
      expect(await model.kpi(2025, 2025)).toEqual([{ year: 2025, householdsIntoOwnership: 0, startlanCount: 1, startlanVolume: 1_800_000, dwellingsSoldToTenants: 0 }]);
    });

    it('a rebuild comes out identical, and projections verify finds no difference', async () => {
      const before = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      for (const name of ['leases', 'ownership_transitions']) {
        const generation = await runtime.runner.requestRebuild(name);
        for (let i = 0; i < 300 && (await runtime.runner.status()).find((s) => s.name === name)!.live?.generation !== generation; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        expect((await runtime.runner.verifyAgainstShadow(name)).identical).toBe(true);
      }
      const after = await Promise.all(TABLES.map((t) => tableChecksum(runtime.pool, t)));
      expect(after).toEqual(before);
      expect(before[0]!.rows).toBe(6);
    });
  });
}
