import { loadConfig } from '../../src/config/config.js';
import type { NewEvent } from '../../src/event-store/event-envelope.js';
import type { AppendResult, EventStore } from '../../src/event-store/event-store.port.js';
import type { ExpectedRevision } from '../../src/event-store/expected-revision.js';
import { generateHistory, type GenerateOptions, type GenerationResult } from '../../src/generator/generate-history.js';
import { profileByName } from '../../src/generator/generator-profile.js';
import { SeededRandom } from '../../src/generator/seeded-random.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import { offerDecider } from '../../src/allocations/offer/offer.decider.js';
import { committeeMeetingDecider } from '../../src/allocations/committee-meeting/committee-meeting.decider.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { leaseDecider } from '../../src/leases/lease/lease.decider.js';
import { householdTenancyDecider } from '../../src/leases/household-tenancy/household-tenancy.decider.js';
import { transitionDecider } from '../../src/ownership/transition/transition.decider.js';
import { TENANT_TO_OWNER, tenantToOwnerProcessManager } from '../../src/ownership/tenant-to-owner.process-manager.js';
import { stepEventId } from '../../src/process-managers/idempotent-steps.js';
import { ProcessManagerRunner, processManagerActor, processManagerStepKey } from '../../src/process-managers/process-manager-runner.js';
import type { DwellingDescription } from '../../src/portfolio/dwelling/dwelling-description.js';
import { UpcasterRegistry } from '../../src/event-store/upcasters.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import { createTestDatabase, testDatabaseKinds } from '../support/test-database.js';

/** Keeps appended streams in memory, checking the expected revision like the real store. */
class RecordingStore {
  readonly adapterName = 'recording';
  readonly schemaVersions = new UpcasterRegistry();
  readonly streams = new Map<string, NewEvent[]>();
  appends = 0;

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const current = BigInt(stream.length) - 1n;
    if (expected === 'no_stream' ? stream.length > 0 : typeof expected === 'bigint' && expected !== current) {
      throw new Error(`wrong expected revision on ${streamId}: expected ${expected}, is ${current}`);
    }
    stream.push(...events);
    this.streams.set(streamId, stream);
    this.appends++;
    return { nextRevision: BigInt(stream.length) - 1n, position: BigInt(this.appends) };
  }
}

async function generateInMemory(seed: string, years = 1, rates?: GenerateOptions['rates']): Promise<{ store: RecordingStore; result: GenerationResult }> {
  const store = new RecordingStore();
  const result = await generateHistory(store as unknown as EventStore, { profile: 'kristiansund', years, seed, rates });
  return { store, result };
}

function allEvents(store: RecordingStore): NewEvent[] {
  return [...store.streams.keys()].sort().flatMap((id) => store.streams.get(id)!);
}

describe('seeded random numbers', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new SeededRandom('x');
    const b = new SeededRandom('x');
    const c = new SeededRandom('y');
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('generated history (kristiansund, 2 years, in memory)', () => {
  let first: { store: RecordingStore; result: GenerationResult };

  beforeAll(async () => {
    first = await generateInMemory('42', 2);
  }, 120_000);

  it('is the same for the same seed: event ids, types, data and occurredAt, stream by stream', async () => {
    const again = await generateInMemory('42', 2);
    const strip = (events: NewEvent[]) => events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
    expect(again.result.events).toBe(first.result.events);
    expect(strip(allEvents(again.store))).toEqual(strip(allEvents(first.store)));
  }, 120_000);

  it('differs for another seed', async () => {
    const other = await generateInMemory('43', 1);
    const ids = new Set(allEvents(first.store).map((e) => e.id));
    expect(allEvents(other.store).some((e) => ids.has(e.id))).toBe(false);
  }, 120_000);

  it("has the profile's size: about 600 dwellings in Kristiansund", () => {
    expect(first.result.dwellingsAtStart).toBe(profileByName('kristiansund').municipalities[0]!.dwellings);
    expect(first.result.dwellingsAtEnd).toBeGreaterThan(570);
    expect(first.result.dwellingsAtEnd).toBeLessThan(660);
  });

  it('has realistic rates: about a third of applications refused, about 80 % owned, about half wheelchair-accessible', () => {
    const c = first.result.counts;
    const refusedShare = c.applicationsRefused! / (c.applicationsRefused! + c.applicationsApproved!);
    expect(refusedShare).toBeGreaterThan(0.25);
    expect(refusedShare).toBeLessThan(0.42);
    // DOMAIN.md: about 0.33 applications per dwelling a year.
    const perDwellingYear = (c.newApplications! + (c.swapApplications ?? 0)) / 600 / 2;
    expect(perDwellingYear).toBeGreaterThan(0.25);
    expect(perDwellingYear).toBeLessThan(0.42);
    const described = allEvents(first.store)
      .filter((e) => e.type === 'DwellingRegistered' || e.type === 'DwellingAcquired')
      .map((e) => e.data as DwellingDescription);
    const share = (f: (d: DwellingDescription) => boolean) => described.filter(f).length / described.length;
    expect(share((d) => d.ownership !== 'leased-in')).toBeGreaterThan(0.72);
    expect(share((d) => d.ownership !== 'leased-in')).toBeLessThan(0.88);
    expect(share((d) => d.wheelchairAccessible)).toBeGreaterThan(0.4);
    expect(share((d) => d.wheelchairAccessible)).toBeLessThan(0.6);
    expect(c.householdsHoused).toBeGreaterThan(50);
    // Leases: the opening balance's and one per household housed, renewed, rents adjusted, some ended by eviction.
    expect(c.leasesSigned).toBe(first.store.streams.size - [...first.store.streams.keys()].filter((k) => !k.startsWith('lease-')).length);
    expect(c.rentAdjustments).toBeGreaterThan(300);
    expect(c['leasesEnded:moved-out']).toBeGreaterThan(50);
    expect(c.committeeMeetings).toBeGreaterThan(40);
  });

  it('holds only events the deciders accept: every stream replays, and every offer was answered through its decider', () => {
    const deciders = {
      dwelling: dwellingDecider,
      application: applicationDecider,
      offer: offerDecider,
      meeting: committeeMeetingDecider,
      lease: leaseDecider,
      household: householdTenancyDecider,
      transition: transitionDecider,
    };
    for (const [streamId, events] of first.store.streams) {
      const category = streamId.slice(0, streamId.indexOf('-')) as keyof typeof deciders;
      const decider = deciders[category];
      expect(decider).toBeDefined();
      const state = events.reduce((s: any, e) => (decider.evolve as any)(s, { type: e.type, data: e.data }), decider.initialState);
      if (category !== 'household') {
        expect(state.status).not.toBe('none');
        expect(state.status).not.toBe('unregistered');
      }
    }
    // Each offer ended in an answer or is still out at the end of the history.
    const offers = [...first.store.streams.entries()].filter(([id]) => id.startsWith('offer-'));
    expect(offers.length).toBe(first.result.counts.offers);
  });

  it('lets approvals lapse by the calendar: most renewed before they lapse (list date kept), the rest expired, dated the day they lapsed', () => {
    const events = allEvents(first.store);
    const renewals = events.filter((e) => e.type === 'ApprovalRenewed').map((e) => e.data as { wasExpired: boolean });
    const expiries = events.filter((e) => e.type === 'ApprovalExpired').map((e) => e.data as { expiredOn: string; recordedOn: string; validUntil: string });
    // Few in Kristiansund (most approved households are housed within the year): 3 renewals, 2 expiries with seed 42.
    expect(renewals.length).toBeGreaterThan(0);
    expect(expiries.length).toBeGreaterThan(0);
    expect(renewals.filter((r) => !r.wasExpired).length).toBeGreaterThanOrEqual(renewals.length / 2);
    for (const x of expiries) {
      expect(x.expiredOn >= x.validUntil).toBe(true);
      expect(x.recordedOn >= x.expiredOn).toBe(true);
    }
    // The weekly simulation records an expiry up to a week after the lapse: dated the lapse, not the week.
    expect(expiries.some((x) => x.recordedOn > x.expiredOn)).toBe(true);
  });

  it('ends tenancies as the service does: notice before a move or an eviction, deaths, short-term and temporary contracts', () => {
    const events = allEvents(first.store);
    const c = first.result.counts;
    const notices = new Map<string, { givenBy: string; effectiveOn: string }>();
    for (const e of events.filter((x) => x.type === 'LeaseNoticeGiven')) {
      const d = e.data as { leaseId: string; givenBy: string; givenOn: string; effectiveOn: string };
      notices.set(d.leaseId, d);
    }
    const ended = events.filter((e) => e.type === 'LeaseEnded').map((e) => e.data as { leaseId: string; reason: string; endedOn: string });
    const evictions = ended.filter((d) => d.reason === 'eviction');
    expect(evictions.length).toBeGreaterThan(0);
    // Every eviction follows the landlord's notice for breach, enforced after it took effect.
    for (const d of evictions) {
      expect(notices.get(d.leaseId)?.givenBy).toBe('landlord');
      expect(d.endedOn >= notices.get(d.leaseId)!.effectiveOn).toBe(true);
    }
    // Most moves out follow the tenant's three months' notice, and end on the day it takes effect.
    const afterNotice = ended.filter((d) => d.reason === 'moved-out' && notices.get(d.leaseId)?.givenBy === 'tenant');
    expect(afterNotice.length).toBeGreaterThan(30);
    for (const d of afterNotice) expect(d.endedOn).toBe(notices.get(d.leaseId)!.effectiveOn);
    expect(c['leasesEnded:death']).toBeGreaterThan(0);
    // Contract types: short-term leases (§ 11-1) with their legal basis and a term under 3 years; temporary housing in temporary dwellings only.
    const dwellingTypes = new Map(
      events.filter((e) => e.type === 'DwellingRegistered' || e.type === 'DwellingAcquired').map((e) => [(e.data as { dwellingId: string }).dwellingId, (e.data as DwellingDescription).dwellingType]),
    );
    const signed = events.filter((e) => e.type === 'LeaseSigned').map((e) => e.data as { dwellingId: string; contractType: string; startDate: string; endDate: string | null; termLegalBasis: string | null });
    const shortTerm = signed.filter((l) => l.contractType === 'short-term');
    const temporary = signed.filter((l) => l.contractType === 'temporary-housing');
    expect(shortTerm.length).toBeGreaterThan(10);
    expect(temporary.length).toBeGreaterThan(10);
    for (const l of shortTerm) {
      expect(l.termLegalBasis).toMatch(/husleieloven § 11-1/);
      expect(l.endDate! < `${Number(l.startDate.slice(0, 4)) + 3}${l.startDate.slice(4)}`).toBe(true);
    }
    for (const l of temporary) expect(dwellingTypes.get(l.dwellingId)).toBe('temporary');
    expect(signed.filter((l) => dwellingTypes.get(l.dwellingId) === 'temporary').every((l) => l.contractType === 'temporary-housing')).toBe(true);
  });

  it('takes tenants into ownership with startlån, and writes the follow-ups as the tenant-to-owner process manager does', async () => {
    // Kristiansund has a handful of transitions a year: this history has more of them, and more plan changes.
    const ownership = await generateInMemory('42', 2, { tenantPurchasePerYear: 0.3, marketPurchasePerTenancyYear: 0.15, transitionPlanChangeShare: 0.5 });
    const events = allEvents(ownership.store);
    const c = ownership.result.counts;
    expect(c['transitionsCompleted:buy-rented-dwelling']).toBeGreaterThan(0);
    expect(c['transitionsCompleted:buy-on-market']).toBeGreaterThan(0);
    expect(c.transitionsAbandoned).toBeGreaterThan(0);
    // Plans change after the counselling, before the financing, both ways; the completion follows the plan in force.
    expect(c['transitionPlansChanged:buy-on-market']).toBeGreaterThan(0);
    expect(c['transitionPlansChanged:buy-rented-dwelling']).toBeGreaterThan(0);
    const planInForce = new Map<string, string>();
    for (const [, stream] of ownership.store.streams) {
      const dated = (type: string) => stream.find((e) => e.type === type)?.data as Record<string, string> | undefined;
      for (const e of stream) {
        const d = e.data as { transitionId: string; plan: string; previousPlan: string; changedOn: string; reason: string };
        if (e.type === 'TransitionStarted') planInForce.set(d.transitionId, d.plan);
        if (e.type !== 'TransitionPlanChanged') continue;
        expect(d.previousPlan).toBe(planInForce.get(d.transitionId));
        expect(d.plan).not.toBe(d.previousPlan);
        expect(d.reason.length).toBeGreaterThan(10);
        expect(d.changedOn >= dated('FinancialCounsellingRecorded')!.counselledOn!).toBe(true);
        const financed = dated('StartlanGranted')?.grantedOn ?? dated('TransitionAbandoned')?.abandonedOn;
        if (financed) expect(d.changedOn <= financed).toBe(true);
        planInForce.set(d.transitionId, d.plan);
      }
    }
    for (const completed of events.filter((e) => e.type === 'TransitionCompleted')) {
      const t = completed.data as { transitionId: string; plan: string };
      expect(t.plan).toBe(planInForce.get(t.transitionId));
    }
    const byId = new Map(events.map((e) => [e.id, e]));
    const granted = events.filter((e) => e.type === 'StartlanGranted').map((e) => e.data as { transitionId: string; loanReference: string; grantedOn: string; amount: number });
    const reported = new Map(events.filter((e) => e.type === 'StartlanReportedToHusbanken').map((e) => [(e.data as { loanReference: string }).loanReference, e.data as { reportedOn: string }]));
    expect(granted.length).toBe(c.startlanGranted);
    // Reported in the January after the grant; a loan granted in the last year is not reported yet.
    for (const g of granted) {
      const year = Number(g.grantedOn.slice(0, 4));
      if (year < Number(ownership.result.to.slice(0, 4))) expect(reported.get(g.loanReference)?.reportedOn.slice(0, 7)).toBe(`${year + 1}-01`);
      else expect(reported.has(g.loanReference)).toBe(false);
    }
    for (const completed of events.filter((e) => e.type === 'TransitionCompleted')) {
      const t = completed.data as { transitionId: string; plan: string; leaseId: string; dwellingId: string; purchasedOn: string };
      const key = processManagerStepKey(TENANT_TO_OWNER, completed.id);
      expect(granted.some((g) => g.transitionId === t.transitionId)).toBe(true);
      const leaseEnd = byId.get(stepEventId(key, 'lease'))!;
      expect(leaseEnd.type).toBe('LeaseEnded');
      expect(leaseEnd.metadata.actor).toBe(processManagerActor(TENANT_TO_OWNER));
      expect(leaseEnd.metadata.causationId).toBe(completed.id);
      expect(byId.get(stepEventId(key, 'household'))!.type).toBe('TenancyEnded');
      if (t.plan === 'buy-rented-dwelling') {
        expect(byId.get(stepEventId(key, 'sell'))).toMatchObject({ type: 'DwellingSold', data: { dwellingId: t.dwellingId, buyer: 'sitting-tenant', soldOn: t.purchasedOn } });
        expect(leaseEnd.data).toMatchObject({ leaseId: t.leaseId, reason: 'bought-dwelling', endedOn: t.purchasedOn });
      } else {
        expect(byId.get(stepEventId(key, 'dwelling'))).toMatchObject({ type: 'DwellingVacated', data: { dwellingId: t.dwellingId } });
        expect(leaseEnd.data).toMatchObject({ leaseId: t.leaseId, reason: 'moved-out', endedOn: t.purchasedOn });
      }
    }
  });

  it('writes no personal data: persons appear only as ids, with no sealed records', () => {
    for (const e of allEvents(first.store).filter((x) => x.type === 'ApplicationSubmitted')) {
      expect((e.data as { personalData?: unknown[] }).personalData ?? []).toEqual([]);
      expect(JSON.stringify(e.data)).not.toMatch(/"name"|nationalId/);
    }
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`generated history in the event store on ${kind}`, () => {
    it('feeds the read models: the dwellings read model matches the generated portfolio', async () => {
      const db = await createTestDatabase(kind, 6);
      const runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20' }), createLogger('silent'));
      try {
        const result = await generateHistory(runtime.store, { profile: 'kristiansund', years: 1, seed: '7' });
        const { rows: stored } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
        expect(stored[0]!.n).toBe(result.events);
        await runtime.runner.start();
        // The newest position written, not headPosition(): on a shared server another session's open
        // transaction can hold the visible head back, and the read model must include every event.
        const { rows: head } = await db.pool.query<{ p: string }>('SELECT max(position)::text AS p FROM events');
        await runtime.runner.waitForPosition(BigInt(head[0]!.p), 120_000);
        const { rows } = await db.pool.query<{ in_portfolio: number; sold: number }>(
          `SELECT count(*) FILTER (WHERE status NOT IN ('sold', 'lease-in-ended'))::int AS in_portfolio,
                  count(*) FILTER (WHERE status = 'sold')::int AS sold FROM dwellings`,
        );
        expect(rows[0]!.in_portfolio).toBe(result.dwellingsAtEnd);
        expect(rows[0]!.sold).toBe((result.counts.dwellingsSold ?? 0) + (result.counts.tenantPurchases ?? 0));
        // The tenant-to-owner process manager, run over the generated log, finds every follow-up taken: it appends nothing.
        const pm = new ProcessManagerRunner(db.pool, runtime.store, [tenantToOwnerProcessManager()], {
          batchSize: 500,
          pollIntervalMs: 20,
          logger: createLogger('silent'),
          commandRetries: 3,
        });
        await pm.start();
        try {
          await pm.waitForPosition(BigInt(head[0]!.p), 120_000);
        } finally {
          await pm.stop();
        }
        const { rows: after } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
        expect(after[0]!.n).toBe(result.events);
        expect((result.counts['transitionsCompleted:buy-rented-dwelling'] ?? 0) + (result.counts['transitionsCompleted:buy-on-market'] ?? 0)).toBeGreaterThan(0);
        // Every let dwelling has exactly one running lease (active or under notice), and no active lease is on a dwelling that is not let.
        const { rows: leases } = await db.pool.query<{ let_dwellings: number; active_leases: number; mismatched: number }>(
          `SELECT (SELECT count(*)::int FROM dwellings WHERE status = 'let') AS let_dwellings,
                  (SELECT count(*)::int FROM leases WHERE status IN ('active', 'under-notice')) AS active_leases,
                  (SELECT count(*)::int FROM leases l JOIN dwellings d USING (dwelling_id) WHERE l.status IN ('active', 'under-notice') AND d.status <> 'let') AS mismatched`,
        );
        expect(leases[0]!.active_leases).toBe(leases[0]!.let_dwellings);
        expect(leases[0]!.mismatched).toBe(0);
        const { rows: apps } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications`);
        expect(apps[0]!.n).toBe((result.counts.newApplications ?? 0) + (result.counts.swapApplications ?? 0));
      } finally {
        await runtime.close();
        await db.drop();
      }
    }, 300_000);
  });
}

describe('profiles', () => {
  it('national: 356 municipalities with about 115,600 dwellings, each with a unique four-digit kommunenummer', () => {
    const national = profileByName('national');
    expect(national.municipalities).toHaveLength(356);
    const total = national.municipalities.reduce((n, m) => n + m.dwellings, 0);
    expect(Math.abs(total - 115_600)).toBeLessThan(115_600 * 0.03);
    const numbers = national.municipalities.map((m) => m.kommunenummer);
    expect(new Set(numbers).size).toBe(356);
    expect(numbers.every((n) => /^\d{4}$/.test(n))).toBe(true);
  });

  it('oslo has about 14,000 dwellings, kristiansund about 600; an unknown profile is refused by name', () => {
    expect(profileByName('oslo').municipalities[0]!.dwellings).toBe(14_000);
    expect(profileByName('kristiansund').municipalities[0]!.dwellings).toBe(600);
    expect(() => profileByName('bergen')).toThrow("unknown profile 'bergen'; choose one of kristiansund, oslo, national");
  });
});
