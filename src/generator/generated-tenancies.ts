import { addDays, addMonths } from '../applications/calendar-arithmetic.js';
import { householdTenancyDecider } from '../leases/household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../leases/household-tenancy-stream.js';
import { leaseDecider } from '../leases/lease/lease.decider.js';
import type { LeaseEndReason, LeaseOrigin, LeaseSecurity } from '../leases/lease/lease-terms.js';
import { LEASE_TERM_RULES } from '../leases/lease-term-policy.js';
import { leaseStreamId } from '../leases/lease-stream.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import type { GenerationTally } from './generation-tally.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimulatedContext, SimulatedStreams } from './simulated-streams.js';

/** What the simulation knows of a dwelling's current lease. */
export interface GeneratedLease {
  leaseId: string;
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
    timeLimited: boolean,
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
    const endDate = timeLimited ? addMonths(startDate, LEASE_TERM_RULES.minimumTimeLimitedMonths) : null;
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
      contractType: 'ordinary',
      signedOn: startDate,
      startDate,
      endDate,
      termLegalBasis: null,
      monthlyRent: rent,
      security,
      previousLeaseId,
      rules: LEASE_TERM_RULES,
      actor: ctx.actor,
    }, ctx);
    this.tally.count('leasesSigned');
    return { leaseId, householdId: household.householdId, memberIds: household.memberIds, startDate, endDate, rent, rentFrom: startDate };
  }

  /** Ends the lease and the household's tenancy; frees the dwelling unless the tenant bought it. */
  end(dwellingId: string, lease: GeneratedLease, reason: LeaseEndReason, on: string, ctx: SimulatedContext, transferLeaseId: string | null = null): void {
    const endedOn = on < lease.startDate ? lease.startDate : on;
    this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
      type: 'EndLease',
      leaseId: lease.leaseId,
      endedOn,
      reason,
      evictionEnforcedOn: reason === 'eviction' ? endedOn : null,
      transferLeaseId,
      note: null,
      actor: ctx.actor,
    }, ctx);
    this.streams.execute(householdTenancyDecider, householdTenancyStreamId(lease.householdId), {
      type: 'EndTenancy', householdId: lease.householdId, leaseId: lease.leaseId, endedOn, reason, actor: ctx.actor,
    }, ctx);
    if (reason !== 'bought-dwelling') {
      this.streams.execute(dwellingDecider, dwellingStreamId(dwellingId), { type: 'MarkVacated', dwellingId, leaseId: lease.leaseId, vacatedOn: endedOn }, ctx);
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

  /** A time-limited lease about to run out is renewed by decision (an enkeltvedtak). */
  renewIfEnding(lease: GeneratedLease, on: string, ctx: SimulatedContext): void {
    if (lease.endDate === null || lease.endDate > addDays(on, 60)) return;
    const newEndDate = addMonths(lease.endDate, LEASE_TERM_RULES.minimumTimeLimitedMonths);
    this.streams.execute(leaseDecider, leaseStreamId(lease.leaseId), {
      type: 'RenewLease',
      leaseId: lease.leaseId,
      newEndDate,
      termLegalBasis: null,
      decidedOn: on,
      notifiedOn: addDays(on, this.random.int(1, 4)),
      legalBasis: 'husleieloven § 9-3; kommunens retningslinjer for tildeling av kommunal bolig',
      reasons: 'Husstanden har fortsatt behov for kommunal bolig, og leieforholdet har gått uten mislighold.',
      rules: LEASE_TERM_RULES,
      actor: ctx.actor,
    }, ctx);
    lease.endDate = newEndDate;
    this.tally.count('leasesRenewed');
  }
}
