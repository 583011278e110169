import { addDays, addMonths, lastDayOfTerm } from '../applications/calendar-arithmetic.js';
import { householdTenancyDecider } from '../leases/household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../leases/household-tenancy-stream.js';
import { leaseDecider } from '../leases/lease/lease.decider.js';
import type { ContractType, LeaseEndReason, LeaseOrigin, LeaseSecurity } from '../leases/lease/lease-terms.js';
import { LEASE_TERM_RULES } from '../leases/lease-term-policy.js';
import { leaseStreamId } from '../leases/lease-stream.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import type { GenerationTally } from './generation-tally.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimulatedContext, SimulatedStreams } from './simulated-streams.js';

/**
 * The term a generated lease gets: ordinary open-ended or time-limited (3 years, § 9-3),
 * short-term (§ 11-1, 12 or 24 months with its legal basis), or temporary housing (§ 27, 3 months).
 */
export type GeneratedTerm = 'open-ended' | 'time-limited' | 'short-term' | 'temporary-housing';

const SHORT_TERM_BASIS = 'husleieloven § 11-1 andre ledd: kommunen leier ut til vanskeligstilte på boligmarkedet; kortere leietid er begrunnet i behovet for oppfølging og ny vurdering';

/** What the simulation knows of a dwelling's current lease. */
export interface GeneratedLease {
  leaseId: string;
  contractType: ContractType;
  householdId: string;
  memberIds: string[];
  startDate: string;
  endDate: string | null;
  rent: number;
  /** From when the current rent applies (the start, or the last adjustment). */
  rentFrom: string;
}

/**
 * Leases the way the service's lease handlers write them (sign-lease, end-lease.steps.ts), each
 * step through its decider: signing writes the household's tenancy, the dwelling let, the lease;
 * ending writes the lease's end, the household's tenancy end and frees the dwelling. Yearly index
 * rent adjustments and renewals of time-limited leases before they run out.
 */
export class GeneratedTenancies {
  constructor(
    private readonly streams: SimulatedStreams,
    private readonly random: SeededRandom,
    private readonly tally: GenerationTally,
  ) {}

  sign(
    dwellingId: string,
    primaryAreaM2: number,
    household: { householdId: string; memberIds: string[] },
    origin: LeaseOrigin,
    leaseId: string,
    startDate: string,
    term: GeneratedTerm,
    applicationId: string | null,
    previousLeaseId: string | null,
    ctx: SimulatedContext,
  ): GeneratedLease {
    const r = this.random;
    const rent = 100 * Math.round((primaryAreaM2 * r.int(130, 190)) / 100);
    const security: LeaseSecurity = r.chance(0.5)
      ? { kind: 'guarantee', amount: rent * 3, guarantor: 'nav', reference: null }
      : r.chance(0.7)
        ? { kind: 'deposit', amount: rent * 3 }
        : { kind: 'none' };
    const contractType: ContractType = term === 'short-term' || term === 'temporary-housing' ? term : 'ordinary';
    const endDate =
      term === 'time-limited'
        ? lastDayOfTerm(startDate, LEASE_TERM_RULES.minimumTimeLimitedMonths)
        : term === 'short-term'
          ? lastDayOfTerm(startDate, r.pick([12, 24]))
          : term === 'temporary-housing'
            ? lastDayOfTerm(startDate, LEASE_TERM_RULES.temporaryHousingAimMonths)
            : null;
    this.streams.execute(householdTenancyDecider, householdTenancyStreamId(household.householdId), {
      type: 'StartTenancy', householdId: household.householdId, leaseId, dwellingId, startDate, previousLeaseId, actor: ctx.actor,
    }, ctx);
    this.streams.execute(dwellingDecider, dwellingStreamId(dwellingId), { type: 'MarkLet', dwellingId, leaseId, applicationId, letOn: startDate }, ctx);
    this.streams.execute(leaseDecider, leaseStreamId(leaseId), {
      type: 'SignLease',
      leaseId,
      householdId: household.householdId,
      memberIds: household.memberIds,
      dwellingId,
      origin,
      contractType,
      signedOn: startDate,
      startDate,
      endDate,
      termLegalBasis: contractType === 'short-term' ? SHORT_TERM_BASIS : null,
      monthlyRent: rent,
      security,
      previousLeaseId,
      rules: LEASE_TERM_RULES,
      actor: ctx.actor,
    }, ctx);
    this.tally.count('leasesSigned');
    this.tally.count(`leasesSigned:${term}`);
    return { leaseId, contractType, householdId: household.householdId, memberIds: household.memberIds, startDate, endDate, rent, rentFrom: startDate };
  }

  /**
   * Ends the lease and the household's tenancy; frees the dwelling unless the tenant bought it.
   * `steps` names the events the way end-lease.steps.ts's steps ('lease', 'household', 'dwelling')
   * would when a process manager ends the lease.
   */
  end(
    dwellingId: string,
    lease: GeneratedLease,
    reason: LeaseEndReason,
    on: string,
    ctx: SimulatedContext,
    transferLeaseId: string | null = null,
    options: { note?: string; steps?: (step: 'lease' | 'household' | 'dwelling') => (index: number) => string } = {},
  ): void {
    const endedOn = on < lease.startDate ? lease.startDate : on;
    this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
      type: 'EndLease',
      leaseId: lease.leaseId,
      endedOn,
      reason,
      evictionEnforcedOn: reason === 'eviction' ? endedOn : null,
      transferLeaseId,
      note: options.note ?? null,
      actor: ctx.actor,
    }, ctx, options.steps?.('lease'));
    this.streams.execute(householdTenancyDecider, householdTenancyStreamId(lease.householdId), {
      type: 'EndTenancy', householdId: lease.householdId, leaseId: lease.leaseId, endedOn, reason, actor: ctx.actor,
    }, ctx, options.steps?.('household'));
    if (reason !== 'bought-dwelling') {
      this.streams.execute(dwellingDecider, dwellingStreamId(dwellingId), { type: 'MarkVacated', dwellingId, leaseId: lease.leaseId, vacatedOn: endedOn }, ctx, options.steps?.('dwelling'));
    }
    this.streams.retire(leaseStreamId(lease.leaseId));
    if (reason !== 'transferred') this.streams.retire(householdTenancyStreamId(lease.householdId));
    this.tally.count(`leasesEnded:${reason}`);
  }

  /** Once a year: the rent follows the consumer price index, from a month after the notice. */
  adjustRent(lease: GeneratedLease, on: string, ctx: SimulatedContext): void {
    const effectiveFrom = addMonths(on, 1);
    if (effectiveFrom < addMonths(lease.rentFrom, 12)) return;
    const newRent = Math.round(lease.rent * (1 + this.random.int(25, 55) / 1000));
    try {
      this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
        type: 'AdjustRent', leaseId: lease.leaseId, adjustedOn: on, effectiveFrom, newRent, basis: 'index',
        indexReference: `SSB KPI ${on.slice(0, 4)}`, actor: ctx.actor,
      }, ctx);
      lease.rent = newRent;
      lease.rentFrom = effectiveFrom;
      this.tally.count('rentAdjustments');
    } catch (error) {
      // A rule of the index adjustment this simulation does not model exactly: no adjustment this year.
      if (!(error instanceof DomainError)) throw error;
      this.tally.count('rentAdjustmentsSkipped');
    }
  }

  /**
   * A time-limited lease about to run out is renewed by decision (an enkeltvedtak): an ordinary
   * one by 3 years, a short-term one by 12 months on the same legal basis, temporary housing by
   * 3 months while no permanent dwelling is found.
   */
  renewIfEnding(lease: GeneratedLease, on: string, ctx: SimulatedContext): void {
    if (lease.endDate === null || lease.endDate > addDays(on, 60)) return;
    const months =
      lease.contractType === 'short-term' ? 12 : lease.contractType === 'temporary-housing' ? LEASE_TERM_RULES.temporaryHousingAimMonths : LEASE_TERM_RULES.minimumTimeLimitedMonths;
    const newEndDate = lastDayOfTerm(addDays(lease.endDate, 1), months);
    this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
      type: 'RenewLease',
      leaseId: lease.leaseId,
      newEndDate,
      termLegalBasis: lease.contractType === 'short-term' ? SHORT_TERM_BASIS : null,
      decidedOn: on,
      notifiedOn: addDays(on, this.random.int(1, 4)),
      legalBasis:
        lease.contractType === 'temporary-housing'
          ? 'sosialtjenesteloven § 27; kommunens retningslinjer for midlertidig botilbud'
          : 'husleieloven § 9-3; kommunens retningslinjer for tildeling av kommunal bolig',
      reasons:
        lease.contractType === 'temporary-housing'
          ? 'Husstanden har fortsatt behov for midlertidig botilbud; varig bolig er ennå ikke funnet.'
          : 'Husstanden har fortsatt behov for kommunal bolig, og leieforholdet har gått uten mislighold.',
      rules: LEASE_TERM_RULES,
      actor: ctx.actor,
    }, ctx);
    lease.endDate = newEndDate;
    this.tally.count('leasesRenewed');
  }

  /**
   * Notice (oppsigelse) before the lease ends: the tenant's with three months counted from the end
   * of the month (husleieloven § 9-6), or the landlord's for breach before an eviction (§ 9-7, 9-9).
   * Returns the day the notice takes effect.
   */
  giveNotice(lease: GeneratedLease, givenBy: 'tenant' | 'landlord', on: string, reason: string | null, ctx: SimulatedContext): string {
    const givenOn = on < lease.startDate ? lease.startDate : on;
    const effectiveOn = addDays(addMonths(`${givenOn.slice(0, 7)}-01`, 4), -1);
    this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
      type: 'GiveNotice', leaseId: lease.leaseId, givenBy, givenOn, effectiveOn, reason, actor: ctx.actor,
    }, ctx);
    this.tally.count(`noticesGiven:${givenBy}`);
    return effectiveOn;
  }
}
