import { addDays } from '../applications/calendar-arithmetic.js';
import { TENANT_TO_OWNER } from '../ownership/tenant-to-owner.process-manager.js';
import { transitionDecider } from '../ownership/transition/transition.decider.js';
import type { TransitionPlan } from '../ownership/transition/transition-terms.js';
import { transitionStreamId } from '../ownership/transition-stream.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import type { GrantSettlementInput } from '../portfolio/dwelling/grant-settlement.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import { stepEventId } from '../process-managers/idempotent-steps.js';
import { processManagerActor, processManagerStepKey } from '../process-managers/process-manager-runner.js';
import type { GeneratedLease, GeneratedTenancies } from './generated-tenancies.js';
import type { GenerationTally } from './generation-tally.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimulatedContext, SimulatedStreams } from './simulated-streams.js';

/** A transition to ownership the simulation follows until it is completed or abandoned. */
export interface GeneratedTransition {
  transitionId: string;
  streamId: string;
  plan: TransitionPlan;
  dwellingId: string;
  lease: GeneratedLease;
  correlationId: string;
  price: number;
  counselOn: string;
  financeOn: string;
  completeOn: string;
  /** Why it will be abandoned at the financing step; null: it is financed and completed. */
  abandonReason: string | null;
  /** Whether the rented dwelling could be bought (rent-to-own potential, not leased in): a plan may change to it. */
  canBuyRented: boolean;
  primaryAreaM2: number;
  stage: 'started' | 'counselled' | 'financed';
}

export type TransitionOutcome = 'completed' | 'abandoned' | null;

/** Why a plan changes after the counselling, by the plan it changes to. */
const PLAN_CHANGE_REASONS: Record<TransitionPlan, readonly string[]> = {
  'buy-on-market': [
    'husstanden ønsker en større bolig enn den de leier; kjøp i markedet innenfor lånerammen',
    'boligen husstanden leier ligger i et område husstanden vil flytte fra',
  ],
  'buy-rented-dwelling': [
    'lånerammen strekker ikke til i markedet; husstanden kjøper boligen de leier',
    'husstanden vil bli boende; kommunen tilbyr å selge den leide boligen',
  ],
};

const COUNSELLORS = ['startlånsrådgiver, boligkontoret', 'NAV økonomi- og gjeldsrådgivning', 'Husbankens veileder for startlån'];
const ABANDON_REASONS: Record<TransitionPlan, readonly string[]> = {
  'buy-rented-dwelling': ['betjeningsevnen er for svak til startlån', 'husstanden valgte å bli boende som leietaker'],
  'buy-on-market': ['betjeningsevnen er for svak til startlån', 'fant ingen egnet bolig innenfor lånerammen', 'husstanden valgte å bli boende som leietaker'],
};

/**
 * "Fra leie til eie" as the service records it (transition-commands.handler.ts): started on an
 * active lease, financial counselling, financing (startlån, often with a bank loan, savings or
 * Husbanken's tilskudd til etablering), then the purchase, or abandoned. The completion's
 * follow-ups are written the way the tenant-to-owner process manager writes them: its actor,
 * caused by the completion, and its steps' event ids, so the process manager, run over the
 * generated log, finds them taken and does nothing. Every startlån is reported to Husbanken in
 * the January after it was granted (DOMAIN.md); one granted in the last year is not reported yet.
 *
 * Timings and shares are assumptions: counselling 1–4 weeks after the start, financing 3–10
 * weeks later, the purchase 2–8 weeks after that.
 */
export class GeneratedTransitions {
  private readonly reports: { streamId: string; transitionId: string; loanReference: string; reportOn: string }[] = [];
  /** Streams of transitions neither completed nor abandoned. */
  private readonly open = new Set<string>();

  constructor(
    private readonly streams: SimulatedStreams,
    private readonly random: SeededRandom,
    private readonly tally: GenerationTally,
    private readonly tenancies: GeneratedTenancies,
    private readonly abandonShare: number,
    private readonly planChangeShare: number,
  ) {}

  start(dwelling: { id: string; primaryAreaM2: number }, lease: GeneratedLease, plan: TransitionPlan, on: string, ctx: SimulatedContext, canBuyRented: boolean): GeneratedTransition {
    const r = this.random;
    const transitionId = this.streams.id('transition');
    const streamId = transitionStreamId(transitionId);
    const startedOn = on < lease.startDate ? lease.startDate : on;
    this.streams.execute(
      transitionDecider,
      streamId,
      {
        type: 'StartTransition',
        transitionId,
        lease: { leaseId: lease.leaseId, status: 'active', householdId: lease.householdId, dwellingId: dwelling.id, startDate: lease.startDate },
        plan,
        startedOn,
        actor: ctx.actor,
      },
      ctx,
    );
    const counselOn = addDays(startedOn, 7 * r.int(1, 4));
    const financeOn = addDays(counselOn, 7 * r.int(3, 10));
    const price = this.priceOf(plan, dwelling.primaryAreaM2);
    this.open.add(streamId);
    this.tally.count(`transitionsStarted:${plan}`);
    return {
      transitionId,
      streamId,
      plan,
      dwellingId: dwelling.id,
      lease,
      correlationId: ctx.correlationId,
      price,
      counselOn,
      financeOn,
      completeOn: addDays(financeOn, 7 * r.int(2, 8)),
      abandonReason: r.chance(this.abandonShare) ? r.pick(ABANDON_REASONS[plan]) : null,
      canBuyRented,
      primaryAreaM2: dwelling.primaryAreaM2,
      stage: 'started',
    };
  }

  /** The purchase price: the rented dwelling's by its area, or a market dwelling's. */
  private priceOf(plan: TransitionPlan, primaryAreaM2: number): number {
    const r = this.random;
    return plan === 'buy-rented-dwelling' ? 1000 * Math.round((primaryAreaM2 * r.int(30_000, 45_000)) / 1000) : 10_000 * r.int(200, 450);
  }

  /**
   * After the counselling some households change their plan (the counselling showed what they can
   * finance, or what they want): to the market from any rented dwelling, to the rented one only where
   * it could be sold. The price, and the reason of an abandonment to come, follow the new plan.
   */
  private maybeChangePlan(t: GeneratedTransition, context: (day: string) => SimulatedContext): void {
    const r = this.random;
    if (!r.chance(this.planChangeShare)) return;
    const plan: TransitionPlan = t.plan === 'buy-rented-dwelling' ? 'buy-on-market' : 'buy-rented-dwelling';
    if (plan === 'buy-rented-dwelling' && !t.canBuyRented) return;
    if (plan === 'buy-on-market' && t.lease.contractType === 'temporary-housing') return;
    const changedOn = addDays(t.counselOn, r.int(0, 4));
    const ctx = context(changedOn);
    this.streams.execute(
      transitionDecider,
      t.streamId,
      { type: 'ChangeTransitionPlan', transitionId: t.transitionId, plan, changedOn, reason: r.pick(PLAN_CHANGE_REASONS[plan]), actor: ctx.actor },
      ctx,
    );
    t.plan = plan;
    t.price = this.priceOf(plan, t.primaryAreaM2);
    if (t.abandonReason !== null && !ABANDON_REASONS[plan].includes(t.abandonReason)) t.abandonReason = r.pick(ABANDON_REASONS[plan]);
    this.tally.count(`transitionPlansChanged:${plan}`);
  }

  /**
   * The steps due by `on`. On completion the lease has ended (and a dwelling bought by its tenant
   * is sold); the caller settles its own bookkeeping from the outcome.
   */
  advance(t: GeneratedTransition, on: string, context: (day: string) => SimulatedContext, grantSettlement: () => GrantSettlementInput | null): TransitionOutcome {
    const r = this.random;
    if (t.stage === 'started' && t.counselOn <= on) {
      const ctx = { ...context(t.counselOn), correlationId: t.correlationId };
      const capacity = 10_000 * Math.round((t.price * r.int(85, 105)) / 100 / 10_000);
      this.streams.execute(
        transitionDecider,
        t.streamId,
        {
          type: 'RecordFinancialCounselling',
          transitionId: t.transitionId,
          counselledOn: t.counselOn,
          counsellor: r.pick(COUNSELLORS),
          summary: `Gjennomgang av inntekt, gjeld og betjeningsevne; husstanden kan etter beregningen betjene lån på inntil ${capacity} kr.`,
          actor: ctx.actor,
        },
        ctx,
      );
      t.stage = 'counselled';
      this.maybeChangePlan(t, (day) => ({ ...context(day), correlationId: t.correlationId }));
    }
    if (t.stage === 'counselled' && t.financeOn <= on) {
      const ctx = { ...context(t.financeOn), correlationId: t.correlationId };
      if (t.abandonReason !== null) {
        this.streams.execute(transitionDecider, t.streamId, { type: 'AbandonTransition', transitionId: t.transitionId, abandonedOn: t.financeOn, reason: t.abandonReason, actor: ctx.actor }, ctx);
        this.finish(t.streamId);
        this.tally.count('transitionsAbandoned');
        return 'abandoned';
      }
      this.finance(t, ctx);
      t.stage = 'financed';
    }
    if (t.stage === 'financed' && t.completeOn <= on) {
      this.complete(t, { ...context(t.completeOn), correlationId: t.correlationId }, t.plan === 'buy-rented-dwelling' ? grantSettlement() : null);
      return 'completed';
    }
    return null;
  }

  /** Reports to Husbanken the loans whose January report is due by `on`. */
  reportLoans(on: string, context: (day: string) => SimulatedContext): void {
    const due = this.reports.filter((report) => report.reportOn <= on);
    if (due.length === 0) return;
    this.reports.splice(0, this.reports.length, ...this.reports.filter((report) => report.reportOn > on));
    for (const report of due) {
      const ctx = context(report.reportOn);
      this.streams.execute(
        transitionDecider,
        report.streamId,
        { type: 'ReportStartlanToHusbanken', transitionId: report.transitionId, loanReference: report.loanReference, reportedOn: report.reportOn, actor: ctx.actor },
        ctx,
      );
      this.retireIfDone(report.streamId);
      this.tally.count('startlanReported');
    }
  }

  private finish(streamId: string): void {
    this.open.delete(streamId);
    this.retireIfDone(streamId);
  }

  /** A transition's stream takes no more commands once it is over and its loans are reported. */
  private retireIfDone(streamId: string): void {
    if (!this.open.has(streamId) && !this.reports.some((report) => report.streamId === streamId)) this.streams.retire(streamId);
  }

  /** A startlån, alone or on top of a bank loan, with savings or an establishment grant where the household has them. */
  private finance(t: GeneratedTransition, ctx: SimulatedContext): void {
    const r = this.random;
    const round = (amount: number) => 1000 * Math.round(amount / 1000);
    const other: { source: 'bank-loan' | 'equity' | 'establishment-grant'; amount: number; note: string | null }[] = [];
    if (r.chance(0.5)) other.push({ source: 'bank-loan', amount: round((t.price * r.int(50, 85)) / 100), note: 'grunnlån i privat bank; startlånet er toppfinansiering' });
    if (r.chance(0.4)) other.push({ source: 'equity', amount: round((t.price * r.int(2, 10)) / 100), note: null });
    if (r.chance(0.2)) other.push({ source: 'establishment-grant', amount: round((t.price * r.int(5, 15)) / 100), note: 'tilskudd til etablering i egen bolig' });
    const startlan = Math.max(50_000, t.price - other.reduce((sum, o) => sum + o.amount, 0));
    const loanReference = `SL-${t.financeOn.slice(0, 4)}-${t.transitionId.slice(0, 8).toUpperCase()}`;
    this.streams.execute(
      transitionDecider,
      t.streamId,
      { type: 'GrantStartlan', transitionId: t.transitionId, loanReference, amount: round(startlan), grantedOn: t.financeOn, husbankenReportedOn: null, actor: ctx.actor },
      ctx,
    );
    for (const o of other) {
      this.streams.execute(
        transitionDecider,
        t.streamId,
        { type: 'RecordOtherFinancing', transitionId: t.transitionId, source: o.source, amount: o.amount, recordedOn: t.financeOn, note: o.note, actor: ctx.actor },
        ctx,
      );
    }
    const reportYear = Number(t.financeOn.slice(0, 4)) + 1;
    this.reports.push({ streamId: t.streamId, transitionId: t.transitionId, loanReference, reportOn: `${reportYear}-01-${String(r.int(10, 25)).padStart(2, '0')}` });
    this.tally.count('startlanGranted');
  }

  private complete(t: GeneratedTransition, ctx: SimulatedContext, grantSettlement: GrantSettlementInput | null): void {
    this.streams.execute(
      transitionDecider,
      t.streamId,
      { type: 'CompleteTransition', transitionId: t.transitionId, purchasedOn: t.completeOn, price: t.price, grantSettlement, actor: ctx.actor },
      ctx,
    );
    const completedId = this.streams.lastEventIds[0]!;
    const key = processManagerStepKey(TENANT_TO_OWNER, completedId);
    const ids = (step: string) => (index: number) => stepEventId(key, step, index);
    // What tenant-to-owner.process-manager.ts does on TransitionCompleted, step by step.
    const pm: SimulatedContext = { actor: processManagerActor(TENANT_TO_OWNER), role: 'system', correlationId: t.correlationId, causationId: completedId, occurredAt: ctx.occurredAt };
    if (t.plan === 'buy-rented-dwelling') {
      this.streams.execute(
        dwellingDecider,
        dwellingStreamId(t.dwellingId),
        { type: 'SellDwelling', dwellingId: t.dwellingId, soldOn: t.completeOn, price: t.price, buyer: 'sitting-tenant', grantSettlement },
        pm,
        ids('sell'),
      );
      this.tenancies.end(t.dwellingId, t.lease, 'bought-dwelling', t.completeOn, pm, null, { note: `transition ${t.transitionId}`, steps: ids });
    } else {
      this.tenancies.end(t.dwellingId, t.lease, 'moved-out', t.completeOn, pm, null, {
        note: `bought a dwelling on the market (transition ${t.transitionId})`,
        steps: ids,
      });
    }
    this.finish(t.streamId);
    this.tally.count(`transitionsCompleted:${t.plan}`);
  }
}
