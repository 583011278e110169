import { DEFAULT_ALLOCATION_POLICY } from '../allocations/allocation-policy.js';
import { committeeMeetingDecider } from '../allocations/committee-meeting/committee-meeting.decider.js';
import type { ConcentrationCounts } from '../allocations/concentration-cap.js';
import { assessConcentration, exceededScopes } from '../allocations/concentration-cap.js';
import { assessFit } from '../allocations/dwelling-fit.js';
import { dwellingSnapshot } from '../allocations/dwelling-snapshot.js';
import { offerDecider } from '../allocations/offer/offer.decider.js';
import type { ApplicationSnapshot } from '../allocations/application-snapshot.js';
import { DEFAULT_APPLICATIONS_POLICY } from '../applications/applications-policy.js';
import { addDays, addMonths } from '../applications/calendar-arithmetic.js';
import { applicationDecider, approvalLapsesOn } from '../applications/application/application.decider.js';
import type { ApplicationState, Application } from '../applications/application/application.state.js';
import { waitingListEntry, type WaitingListEntry } from '../applications/waiting-list/waiting-list-entry.js';
import { orderWaitingList } from '../applications/waiting-list/waiting-list-order.js';
import { buildingKey } from '../portfolio/building-key.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import type { ConditionGrade } from '../portfolio/dwelling/condition-grade.js';
import { OVERALL } from '../portfolio/dwelling/condition-grade.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import type { Dwelling, DwellingState } from '../portfolio/dwelling/dwelling.state.js';
import { totalOutstandingGrant } from '../portfolio/dwelling/grant-write-down.js';
import { DwellingFactory, INITIAL_GRADE_WEIGHTS } from './dwelling-factory.js';
import type { GeneratorRates, MunicipalityProfile } from './generator-profile.js';
import { generateHousehold } from './household-factory.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimulatedContext, SimulatedStreams } from './simulated-streams.js';
import { GENERATOR_STREAMS } from './generator-streams.js';
import { GeneratedTenancies, type GeneratedLease, type GeneratedTerm } from './generated-tenancies.js';
import { GeneratedTransitions, type GeneratedTransition } from './generated-transitions.js';
import { leaseIdForOffer } from '../leases/lease-id.js';
import type { GenerationTally } from './generation-tally.js';

const WEEKS_PER_YEAR = 52;
const APPROVAL_BASIS = 'boligsosialloven § 6; kommunens forskrift om tildeling av kommunal bolig § 3';
const ALLOCATION_BASIS = 'forvaltningsloven §§ 24–25; kommunens forskrift om tildeling av kommunal bolig § 5';
const REFUSAL_REASONS = [
  'Husstanden har inntekt og formue som gjør det mulig å skaffe bolig på det ordinære markedet.',
  'Søkeren har ikke vært bosatt i kommunen de siste to årene, jf. tildelingsforskriften § 2.',
  'Husstanden er ikke vanskeligstilt på boligmarkedet etter en samlet vurdering; startlån er vurdert som bedre egnet.',
  'Søknaden gjelder bytte, men dagens bolig er vurdert som egnet for husstandens behov.',
];
const EVICTION_GROUNDS = [
  'vesentlig mislighold: gjentatt husleierestanse etter skriftlig varsel (husleieloven § 9-9)',
  'vesentlig mislighold: gjentatte brudd på husordensreglene til sjenanse for naboene (husleieloven § 9-9)',
];
const DECLINE_REASONS = ['for langt fra skole og arbeid', 'boligen er for liten', 'ønsker ikke å bo i dette området', 'har funnet bolig selv'];

/** A dwelling as the simulation follows it; its lifecycle state is the decider's (read from the streams). */
interface SimDwelling {
  id: string;
  streamId: string;
  buildingKey: string;
  district: string;
  /** The household living there (or offered it) is in a capped category (concentration rule). */
  capped: boolean;
  /** The current lease (let dwellings), as the lease decider keeps it. */
  lease: GeneratedLease | null;
  primaryAreaM2: number;
  /** A tenant's application to swap is pending: they stay until it is settled. */
  swapApplicationId: string | null;
  renovationEndsOn: string | null;
  saleOn: string | null;
  grade: ConditionGrade;
  gone: boolean;
  /** A transition to ownership in progress: the household stays until it is completed or abandoned. */
  transition: GeneratedTransition | null;
  /** The lease ends on this day: after notice (tenant's or, before an eviction, the landlord's), or a stay in temporary housing ending. */
  pendingEnd: { on: string; reason: 'moved-out' | 'eviction'; notice: boolean } | null;
}

interface SimApplication {
  id: string;
  streamId: string;
  capped: boolean;
  /** The tenant's current dwelling for a swap. */
  swapFrom: SimDwelling | null;
  decideOn: string | null;
  appealOn: string | null;
  appealDecideOn: string | null;
  closed: boolean;
  /** The household let its approval lapse rather than renew it (drawn once). */
  letLapse?: boolean;
}

interface PendingOffer {
  offerId: string;
  application: SimApplication;
  dwelling: SimDwelling;
  offeredOn: string;
  answerBy: string;
  answer: 'accept' | 'decline' | 'expire';
  answerOn: string;
  correlationId: string;
}

/**
 * One municipality's history, a week at a time: its stock (opening balance, acquisitions,
 * condition, renovation, sale of poor stock, lease-ins ending), the applications and their
 * decisions and appeals, the waiting list, the allocation committee's meetings and offers, the
 * answers, and tenancies that end. Every step is a command through the aggregate's decider.
 */
export class MunicipalitySimulation {
  private readonly dwellings: SimDwelling[] = [];
  private readonly byBuilding = new Map<string, SimDwelling[]>();
  private readonly districtCounts = new Map<string, { dwellings: number; capped: number }>();
  private readonly applications: SimApplication[] = [];
  private readonly offers: PendingOffer[] = [];
  private readonly factory: DwellingFactory;
  private readonly caseworkers: string[];
  private readonly committee = ['housing-office', 'nav', 'health-and-care', 'property-company'];
  private week = 0;
  private readonly tenancies: GeneratedTenancies;
  private readonly transitions: GeneratedTransitions;

  constructor(
    private readonly municipality: MunicipalityProfile,
    private readonly rates: GeneratorRates,
    private readonly streams: SimulatedStreams,
    private readonly random: SeededRandom,
    private readonly tally: GenerationTally,
  ) {
    this.factory = new DwellingFactory(municipality, rates, random.fork('dwellings'));
    this.tenancies = new GeneratedTenancies(streams, random.fork('leases'), tally);
    this.transitions = new GeneratedTransitions(streams, random.fork('transitions'), tally, this.tenancies, rates.transitionAbandonShare, rates.transitionPlanChangeShare);
    const staff = Math.max(2, Math.min(40, Math.round(municipality.dwellings / 300)));
    this.caseworkers = Array.from({ length: staff }, () => streams.id(`caseworker/${municipality.kommunenummer}`));
  }

  /** The portfolio as it stands on `on`: every dwelling registered, graded, and most of them let. */
  openingBalance(on: string): void {
    const r = this.random;
    for (let i = 0; i < this.municipality.dwellings; i++) {
      const ownership = this.factory.ownership();
      const description = this.factory.describe(ownership, ownership === 'leased-in' ? this.factory.leaseInEndDate(addDays(on, -r.int(0, 5 * 365))) : null);
      const id = this.streams.id('dwelling');
      const streamId = dwellingStreamId(id);
      const ctx = this.context('system', on, 'opening-balance');
      this.streams.execute(dwellingDecider, streamId, { type: 'RegisterDwelling', dwellingId: id, registeredOn: on, ...description }, ctx);
      const dwelling = this.track(id, description);
      this.tally.count('dwellingsRegistered');
      dwelling.grade = r.weighted(INITIAL_GRADE_WEIGHTS);
      this.assess(dwelling, dwelling.grade, on);
      if (r.chance(this.rates.initialOccupancy)) {
        dwelling.capped = r.chance(0.2);
        this.adjustCapped(dwelling, +1);
        // Running leases as opening balance (as `boligbok import leases` records them), mostly open-ended.
        const term = this.leaseTerm(description.dwellingType, 0.3);
        // A stay in temporary housing is short, a short-term lease (§ 11-1) recent; ordinary tenancies run for years.
        const letOn = addDays(on, -(term === 'temporary-housing' ? r.int(0, 120) : term === 'short-term' ? r.int(0, 700) : r.int(0, 10 * 365)));
        const household = { householdId: this.streams.id('person'), memberIds: Array.from({ length: Number(r.weighted({ 0: 60, 1: 20, 2: 12, 3: 8 } as Record<string, number>)) }, () => this.streams.id('person')) };
        dwelling.lease = this.tenancies.sign(id, description.primaryAreaM2, household, { kind: 'opening-balance', importReference: 'generator opening balance' },
          this.streams.id('lease'), letOn, term, null, null, ctx);
        if (term === 'temporary-housing') this.scheduleTemporaryStay(dwelling, on);
        if (dwelling.lease.endDate !== null && dwelling.lease.endDate <= on) {
          // A time-limited lease that ran out before the history starts was renewed then.
          this.tenancies.renewIfEnding(dwelling.lease, addDays(dwelling.lease.endDate, -30), ctx);
          while (dwelling.lease.endDate !== null && dwelling.lease.endDate <= on) this.tenancies.renewIfEnding(dwelling.lease, addDays(dwelling.lease.endDate, -30), ctx);
        }
      }
    }
  }

  /** One week from `on` (a Monday). */
  step(on: string): void {
    this.answerOffers(on);
    this.stock(on);
    this.transitions.reportLoans(on, (day) => this.context('caseworker', day));
    this.acquire(on);
    this.receiveApplications(on);
    this.progressApplications(on);
    if (this.week % Math.max(1, Math.round(4 / this.rates.meetingsPerMonth)) === 0) this.holdMeeting(on);
    this.week++;
  }

  // ---- stock -------------------------------------------------------------------------------

  private stock(on: string): void {
    const r = this.random;
    const rates = this.rates;
    const leave = (rates.moveOutPerTenancyYear + rates.evictionPerTenancyYear + rates.deathPerTenancyYear) / WEEKS_PER_YEAR;
    const purchase = rates.tenantPurchasePerYear / WEEKS_PER_YEAR;
    const marketPurchase = rates.marketPurchasePerTenancyYear / WEEKS_PER_YEAR;
    const assess = rates.assessmentsPerDwellingYear / WEEKS_PER_YEAR;
    for (const d of this.dwellings) {
      if (d.gone) continue;
      let state = this.dwellingState(d);
      const day = addDays(on, r.int(0, 4));
      if (state.status === 'let' && d.lease && d.pendingEnd !== null && d.pendingEnd.on <= on) {
        this.vacate(d, d.pendingEnd.on, d.pendingEnd.reason);
        state = this.dwellingState(d);
      }
      if (state.status === 'let' && d.lease) {
        const ctx = this.context('caseworker', day);
        // Yearly in January's first two weeks (a history from 1 January first steps on the 8th); adjustRent refuses a second within 12 months.
        if (on.slice(5, 7) === '01' && Number(on.slice(8, 10)) <= 14) this.tenancies.adjustRent(d.lease, on, ctx);
        // A lease under notice is not renewed (lease decider: underNotice).
        if (!d.pendingEnd?.notice) this.tenancies.renewIfEnding(d.lease, on, ctx);
      }
      if (state.status === 'let' && d.lease) {
        if (d.transition !== null) {
          const outcome = this.transitions.advance(d.transition, on, (date) => this.context('caseworker', date), () => this.grantSettlement(d, d.transition!.completeOn));
          if (outcome === 'abandoned') d.transition = null;
          if (outcome === 'completed' && this.boughtByTenant(d)) continue;
        } else if (d.pendingEnd === null && d.swapApplicationId === null) {
          if (r.chance(leave)) {
            this.beginEnd(d, day);
          } else if (state.description.rentToOwnPotential && state.description.ownership !== 'leased-in' && r.chance(purchase)) {
            d.transition = this.transitions.start(d, d.lease, 'buy-rented-dwelling', day, this.context('caseworker', day), true);
          } else if (d.lease.contractType !== 'temporary-housing' && r.chance(marketPurchase)) {
            const canBuyRented = state.description.rentToOwnPotential && state.description.ownership !== 'leased-in';
            d.transition = this.transitions.start(d, d.lease, 'buy-on-market', day, this.context('caseworker', day), canBuyRented);
          }
        }
      } else if (state.status === 'available') {
        if (state.description.leaseInEndDate !== null && state.description.leaseInEndDate <= on) {
          this.dwellingCommand(d, { type: 'EndLeaseIn', dwellingId: d.id, endedOn: day }, this.context('caseworker', day));
          this.leave(d);
          this.tally.count('leaseInsEnded');
          continue;
        }
        if (d.grade === 'TG3' && r.chance(0.08)) {
          const scope = r.pick(['nytt bad og våtrom', 'nytt tak og drenering', 'rehabilitering av kjøkken og bad', 'fuktsanering og nye vinduer']);
          const ends = addDays(day, 7 * r.int(8, 26));
          this.dwellingCommand(d, { type: 'StartRenovation', dwellingId: d.id, startedOn: day, scope, expectedCompletionOn: ends }, this.context('property-company', day));
          d.renovationEndsOn = ends;
          this.tally.count('renovations');
          continue;
        }
      }
      if (state.status === 'let' && state.description.leaseInEndDate !== null && state.description.leaseInEndDate <= on) {
        // The owner agrees to go on: the lease-in is extended rather than the tenant moved.
        this.dwellingCommand(
          d,
          { type: 'UpdateDwellingDetails', dwellingId: d.id, correctedOn: day, changes: { leaseInEndDate: addDays(state.description.leaseInEndDate, 5 * 365) }, reason: 'leieavtalen med privat eier er forlenget med fem år' },
          this.context('caseworker', day),
        );
      }
      if (state.status === 'under-renovation' && d.renovationEndsOn !== null && d.renovationEndsOn <= on) {
        this.dwellingCommand(d, { type: 'CompleteRenovation', dwellingId: d.id, completedOn: day }, this.context('property-company', day));
        d.renovationEndsOn = null;
        this.assess(d, r.chance(0.7) ? 'TG0' : 'TG1', day);
        continue;
      }
      if (state.status === 'marked-for-disposal' && d.saleOn !== null && d.saleOn <= on) {
        this.sell(d, state, day);
        continue;
      }
      if (r.chance(assess)) this.assess(d, this.drift(d.grade), day);
    }
    // Poor stock put up for sale: DOMAIN.md's ~0.5 % a year, the worst graded available dwellings first.
    const toSell = r.poisson((this.inPortfolio() * rates.salesPerDwellingYear) / WEEKS_PER_YEAR);
    for (let i = 0; i < toSell; i++) {
      const candidates = this.dwellings.filter((d) => !d.gone && d.grade === 'TG3' && this.isOwnedAndAvailable(d));
      const pool = candidates.length > 0 ? candidates : this.dwellings.filter((d) => !d.gone && d.grade === 'TG2' && this.isOwnedAndAvailable(d));
      if (pool.length === 0) break;
      const d = r.pick(pool);
      const day = addDays(on, r.int(0, 4));
      const reason = d.grade === 'TG3' ? 'poor-condition' : r.pick(['unsuitable-location', 'concentration', 'strategic'] as const);
      this.dwellingCommand(
        d,
        { type: 'MarkForDisposal', dwellingId: d.id, markedOn: day, reason, note: d.grade === 'TG3' ? 'tilstandsgrad 3; rehabilitering er ikke lønnsomt' : null },
        this.context('caseworker', day),
      );
      d.saleOn = addDays(day, 7 * r.int(4, 16));
      this.tally.count('markedForDisposal');
    }
  }

  private isOwnedAndAvailable(d: SimDwelling): boolean {
    const s = this.dwellingState(d);
    return s.status === 'available' && s.description.ownership !== 'leased-in';
  }

  private drift(grade: ConditionGrade): ConditionGrade {
    const r = this.random;
    const order: ConditionGrade[] = ['TG0', 'TG1', 'TG2', 'TG3'];
    const i = grade === 'TGIU' ? 1 : order.indexOf(grade);
    const roll = r.next();
    if (roll < 0.25 && i < 3) return order[i + 1]!;
    if (roll > 0.95 && i > 0) return order[i - 1]!;
    return order[i]!;
  }

  private assess(d: SimDwelling, grade: ConditionGrade, on: string): void {
    d.grade = grade;
    this.dwellingCommand(
      d,
      {
        type: 'RecordConditionAssessment',
        dwellingId: d.id,
        grade,
        buildingPart: OVERALL,
        assessor: this.random.pick(['Norconsult', 'Takstmann Berg', 'Boligbygg tilstandsavdeling', 'Multiconsult']),
        assessedOn: on,
        reportReference: `TR-${on.slice(0, 4)}-${this.streams.id('report').slice(0, 8)}`,
      },
      this.context('property-company', on),
    );
    this.tally.count('conditionAssessments');
  }

  private sell(d: SimDwelling, state: Dwelling, on: string): void {
    const outstanding = totalOutstandingGrant(state.rentalHousingGrants, on);
    this.dwellingCommand(
      d,
      {
        type: 'SellDwelling',
        dwellingId: d.id,
        soldOn: on,
        price: 1000 * Math.round((state.description.primaryAreaM2 * this.random.int(28_000, 55_000)) / 1000),
        buyer: 'open-market',
        grantSettlement: outstanding > 0 ? { kind: 'repayment', amount: null, overrideJustification: null } : null,
      },
      this.context('caseworker', on),
    );
    this.leave(d);
    this.tally.count('dwellingsSold');
  }

  /** What the sale to the sitting tenant settles of Husbanken's rental-housing grant: the part not yet written down is repaid. */
  private grantSettlement(d: SimDwelling, on: string) {
    const outstanding = totalOutstandingGrant(this.dwellingState(d).rentalHousingGrants, on);
    return outstanding > 0 ? { kind: 'repayment' as const, amount: null, overrideJustification: null } : null;
  }

  /**
   * After a completed transition: a dwelling its tenant bought has left the portfolio (true); after
   * a purchase on the market the household has moved out and the dwelling is free again (false).
   */
  private boughtByTenant(d: SimDwelling): boolean {
    const plan = d.transition!.plan;
    d.transition = null;
    d.lease = null;
    this.adjustCapped(d, -1);
    d.capped = false;
    if (plan === 'buy-on-market') {
      this.tally.count('marketPurchases');
      return false;
    }
    this.leave(d);
    this.tally.count('tenantPurchases');
    return true;
  }

  /**
   * A tenancy comes to an end: an eviction after the landlord's notice for breach and the bailiff's
   * enforcement (3–4 months later), the tenant's death, or a move: after the tenant's notice, or at
   * once by agreement (and always so from temporary housing).
   */
  private beginEnd(d: SimDwelling, on: string): void {
    const r = this.random;
    const rates = this.rates;
    const lease = d.lease!;
    const ctx = this.context('caseworker', on);
    if (r.chance(rates.evictionPerTenancyYear / (rates.moveOutPerTenancyYear + rates.evictionPerTenancyYear + rates.deathPerTenancyYear))) {
      const effectiveOn = this.tenancies.giveNotice(lease, 'landlord', on, r.pick(EVICTION_GROUNDS), ctx);
      d.pendingEnd = { on: addDays(effectiveOn, 7 * r.int(4, 16)), reason: 'eviction', notice: true };
    } else if (r.chance(rates.deathPerTenancyYear / (rates.moveOutPerTenancyYear + rates.deathPerTenancyYear))) {
      this.vacate(d, on, 'death');
    } else if (lease.contractType !== 'temporary-housing' && r.chance(rates.tenantNoticeShare)) {
      d.pendingEnd = { on: this.tenancies.giveNotice(lease, 'tenant', on, null, ctx), reason: 'moved-out', notice: true };
    } else {
      this.vacate(d, on, 'moved-out');
    }
  }

  /** A stay in temporary housing (sosialtjenesteloven § 27) lasts weeks to months, renewed by 3 months at a time while it lasts. */
  private scheduleTemporaryStay(d: SimDwelling, from: string): void {
    const lease = d.lease!;
    const ends = addDays(lease.startDate, 7 * this.random.int(2, 26));
    d.pendingEnd = { on: ends > from ? ends : addDays(from, 7 * this.random.int(1, 8)), reason: 'moved-out', notice: false };
  }

  /** The term of a new lease: temporary housing in temporary dwellings; otherwise short-term at the rate, else ordinary. */
  private leaseTerm(dwellingType: string, timeLimitedShare: number): GeneratedTerm {
    if (dwellingType === 'temporary') return 'temporary-housing';
    if (this.random.chance(this.rates.shortTermShare)) return 'short-term';
    return this.random.chance(timeLimitedShare) ? 'time-limited' : 'open-ended';
  }

  private vacate(d: SimDwelling, on: string, why: 'moved-out' | 'eviction' | 'swap' | 'death', transferLeaseId: string | null = null): void {
    this.tenancies.end(d.id, d.lease!, why === 'swap' ? 'transferred' : why, on, this.context('caseworker', on), transferLeaseId);
    this.adjustCapped(d, -1);
    d.capped = false;
    d.lease = null;
    d.pendingEnd = null;
    this.tally.count(why === 'eviction' ? 'evictions' : why === 'swap' ? 'swapMoves' : why === 'death' ? 'deaths' : 'tenanciesEnded');
  }

  private acquire(on: string): void {
    const r = this.random;
    const count = r.poisson((this.inPortfolio() * this.rates.acquisitionsPerDwellingYear) / WEEKS_PER_YEAR);
    for (let i = 0; i < count; i++) {
      const day = addDays(on, r.int(0, 4));
      const ownership = this.factory.ownership();
      const description = this.factory.describe(ownership, ownership === 'leased-in' ? this.factory.leaseInEndDate(day) : null);
      const acquisition = this.factory.acquisition(ownership, day, description);
      const id = this.streams.id('dwelling');
      this.streams.execute(
        dwellingDecider,
        dwellingStreamId(id),
        { type: 'AcquireDwelling', dwellingId: id, acquiredOn: day, acquisition, ...description },
        this.context('caseworker', day),
      );
      const d = this.track(id, description);
      this.assess(d, r.chance(0.5) ? 'TG0' : 'TG1', day);
      this.tally.count('dwellingsAcquired');
    }
  }

  // ---- applications ------------------------------------------------------------------------

  private receiveApplications(on: string): void {
    const r = this.random;
    const count = r.poisson((this.inPortfolio() * this.rates.applicationsPerDwellingYear) / WEEKS_PER_YEAR);
    for (let i = 0; i < count; i++) {
      const day = addDays(on, r.int(0, 4));
      let swapFrom: SimDwelling | null = null;
      if (!r.chance(this.rates.newApplicationShare)) {
        const tenant = r.pick(this.dwellings);
        if (!tenant.gone && tenant.lease !== null && tenant.swapApplicationId === null && tenant.transition === null && tenant.pendingEnd === null && this.dwellingState(tenant).status === 'let') {
          swapFrom = tenant;
        }
      }
      const h = generateHousehold(r, (k) => this.streams.id(k), day, this.municipality.districts);
      if (swapFrom) {
        // A swap comes from the household living there: the same persons.
        const memberIds = swapFrom.lease!.memberIds;
        h.household = { applicantId: swapFrom.lease!.householdId, memberIds, children: Math.min(h.household.children, memberIds.length) };
      }
      const id = this.streams.id('application');
      const streamId = GENERATOR_STREAMS.application(id);
      this.streams.execute(
        applicationDecider,
        streamId,
        {
          type: 'SubmitApplication',
          applicationId: id,
          actor: r.pick(this.caseworkers),
          kind: swapFrom ? 'swap' : 'new',
          currentLeaseId: swapFrom ? swapFrom.lease!.leaseId : null,
          submittedOn: day,
          ...h,
        },
        this.context('caseworker', day),
      );
      if (swapFrom) swapFrom.swapApplicationId = id;
      this.applications.push({
        id,
        streamId,
        capped: h.categories.some((c) => DEFAULT_ALLOCATION_POLICY.concentration.categories.includes(c)),
        swapFrom,
        decideOn: addDays(day, r.int(10, 42)),
        appealOn: null,
        appealDecideOn: null,
        closed: false,
      });
      this.tally.count(swapFrom ? 'swapApplications' : 'newApplications');
    }
  }

  private progressApplications(on: string): void {
    const r = this.random;
    const withdrawal = (this.rates.withdrawalPerMonth * 12) / WEEKS_PER_YEAR;
    for (const app of this.applications) {
      if (app.closed) continue;
      const state = this.applicationState(app);
      const actor = r.pick(this.caseworkers);
      if (state.status === 'submitted' && app.decideOn !== null && app.decideOn <= on) {
        const refused = r.chance(this.rates.refusalShare);
        const decidedOn = app.decideOn;
        this.applicationCommand(app, {
          type: 'DecideApplication',
          applicationId: app.id,
          actor,
          outcome: refused ? 'rejected' : 'approved',
          legalBasis: APPROVAL_BASIS,
          reasons: refused ? r.pick(REFUSAL_REASONS) : 'Husstanden er vanskeligstilt på boligmarkedet og fyller vilkårene for kommunal bolig.',
          decidedOn,
          notifiedOn: addDays(decidedOn, r.int(1, 4)),
          validityMonths: this.rates.approvalValidityMonths,
        }, decidedOn);
        this.tally.count(refused ? 'applicationsRefused' : 'applicationsApproved');
        if (refused && r.chance(this.rates.appealShare)) app.appealOn = addDays(decidedOn, r.int(5, 25));
        else if (refused) this.close(app);
        continue;
      }
      if (state.status === 'rejected' && app.appealOn !== null && app.appealOn <= on) {
        this.applicationCommand(app, { type: 'ReceiveAppeal', applicationId: app.id, actor, receivedOn: app.appealOn }, app.appealOn);
        app.appealDecideOn = addDays(app.appealOn, r.int(21, 70));
        this.tally.count('appeals');
        continue;
      }
      if (state.status === 'appealed' && app.appealDecideOn !== null && app.appealDecideOn <= on) {
        const reversed = r.chance(this.rates.appealReversalShare);
        this.applicationCommand(app, {
          type: 'DecideAppeal',
          applicationId: app.id,
          actor: 'appeals-board',
          outcome: reversed ? 'reversed' : 'upheld',
          legalBasis: 'forvaltningsloven § 34; boligsosialloven § 6',
          reasons: reversed ? 'Klagenemnda finner at husstanden er vanskeligstilt og har rett til tildeling.' : 'Klagenemnda slutter seg til vedtakets begrunnelse.',
          decidedOn: app.appealDecideOn,
          notifiedOn: addDays(app.appealDecideOn, r.int(1, 5)),
          validityMonths: this.rates.approvalValidityMonths,
        }, app.appealDecideOn);
        this.tally.count(reversed ? 'appealsReversed' : 'appealsUpheld');
        if (!reversed) this.close(app);
        continue;
      }
      if (state.status === 'approved') {
        const a = state as Application;
        const months = this.rates.approvalValidityMonths;
        const lapsesOn = approvalLapsesOn(a, months)!;
        // Most households renew in the week before the approval would lapse and keep their list date
        // (one back from an offer after that day revives it); the rest let it lapse: expired.
        if (lapsesOn <= addDays(on, 7) && !app.letLapse) {
          if (r.chance(this.rates.renewalShare)) {
            this.applicationCommand(app, {
              type: 'RenewApproval',
              applicationId: app.id,
              actor,
              renewedOn: on,
              reasons: 'Husstanden har fortsatt behov for kommunal bolig.',
              listDatePolicy: DEFAULT_APPLICATIONS_POLICY.listDateAfterRenewalOfExpired,
              validityMonths: months,
            }, on);
            this.tally.count('approvalsRenewed');
            if (lapsesOn <= on) this.tally.count('approvalsExpired'); // revived: its expiry recorded first
            continue;
          }
          app.letLapse = true;
        }
        if (lapsesOn <= on) {
          this.applicationCommand(app, { type: 'ExpireApproval', applicationId: app.id, actor: 'system', recordedOn: on, validityMonths: months }, on);
          this.tally.count('approvalsExpired');
          this.close(app);
          continue;
        }
        if (r.chance(withdrawal)) {
          this.applicationCommand(app, { type: 'WithdrawApplication', applicationId: app.id, actor, withdrawnOn: on, reason: r.pick(['har funnet bolig selv', 'flyttet fra kommunen', null]), validityMonths: months }, on);
          this.tally.count('applicationsWithdrawn');
          this.close(app);
        }
      }
    }
    // Drop settled applications from the working list now and then.
    if (this.week % 13 === 0) {
      const open = this.applications.filter((a) => !a.closed);
      this.applications.length = 0;
      this.applications.push(...open);
    }
  }

  private close(app: SimApplication): void {
    app.closed = true;
    if (app.swapFrom && app.swapFrom.swapApplicationId === app.id) app.swapFrom.swapApplicationId = null;
    this.streams.retire(app.streamId);
  }

  // ---- allocation --------------------------------------------------------------------------

  /**
   * The allocation committee meets: the waiting list is ordered by the configured rules, and each
   * available dwelling goes to the first household on it that the dwelling fits, within the
   * concentration cap. A household passed over for the first dwelling gets a 'no-offer' line with
   * the reasons.
   */
  private holdMeeting(on: string): void {
    const r = this.random;
    const available = this.dwellings.filter((d) => !d.gone && this.dwellingState(d).status === 'available' && d.saleOn === null);
    if (available.length === 0) return;
    const entries: WaitingListEntry[] = [];
    const byId = new Map<string, SimApplication>();
    for (const app of this.applications) {
      if (app.closed) continue;
      const entry = waitingListEntry(this.applicationState(app));
      if (entry) {
        entries.push(entry);
        byId.set(app.id, app);
      }
    }
    if (entries.length === 0) return;
    const meetingId = this.streams.id('meeting');
    const meetingStream = GENERATOR_STREAMS.meeting(meetingId);
    const secretary = r.pick(this.caseworkers);
    const ctx = this.context('allocation-committee', on, meetingId);
    this.streams.execute(
      committeeMeetingDecider,
      meetingStream,
      { type: 'ConveneMeeting', meetingId, actor: secretary, heldOn: on, members: this.committee, minimumMembers: DEFAULT_ALLOCATION_POLICY.minimumCommitteeMembers },
      ctx,
    );
    this.tally.count('committeeMeetings');
    const ordered = orderWaitingList(entries, DEFAULT_APPLICATIONS_POLICY.waitingList);
    const taken = new Set<string>();
    // Passed-over households near the top get one 'no-offer' line per meeting, with the reason.
    const noted = new Set<string>();
    for (const d of available) {
      const dState = this.dwellingState(d) as Dwelling;
      const snapshot = dwellingSnapshot(dState)!;
      for (const position of ordered.slice(0, 200)) {
        if (taken.has(position.applicationId)) continue;
        const app = byId.get(position.applicationId)!;
        const a = this.applicationState(app) as Application;
        const appSnapshot: ApplicationSnapshot = applicationSnapshotOf(a);
        const fit = assessFit(appSnapshot, snapshot, DEFAULT_ALLOCATION_POLICY.fit);
        const counts = this.concentrationCounts(d);
        const over = exceededScopes(assessConcentration(a.categories, counts, DEFAULT_ALLOCATION_POLICY.concentration)).length > 0;
        if (fit.misfits.length > 0 || over) {
          if (!noted.has(a.applicationId) && position.position <= 3) {
            noted.add(a.applicationId);
            this.streams.execute(committeeMeetingDecider, meetingStream, {
              type: 'RecordCommitteeDecision',
              meetingId,
              actor: secretary,
              decision: {
                kind: 'no-offer',
                applicationId: a.applicationId,
                dwellingId: d.id,
                reasons: over ? 'Tildeling ville gått over grensen for samlokalisering i bygget.' : `Boligen passer ikke: ${fit.misfits.map((m) => m.sentence).join('; ')}.`,
              },
            }, ctx);
            this.tally.count('noOfferDecisions');
          }
          continue;
        }
        taken.add(a.applicationId);
        this.offer(meetingId, meetingStream, secretary, on, d, dState, app, a, position, counts, ctx);
        break;
      }
    }
    this.streams.execute(committeeMeetingDecider, meetingStream, { type: 'CloseMeeting', meetingId, actor: secretary, closedOn: on }, ctx);
    this.streams.retire(meetingStream);
  }

  private offer(
    meetingId: string,
    meetingStream: string,
    secretary: string,
    on: string,
    d: SimDwelling,
    dState: Dwelling,
    app: SimApplication,
    a: Application,
    position: { position: number; reason: string },
    counts: ConcentrationCounts,
    ctx: SimulatedContext,
  ): void {
    const r = this.random;
    const offerId = this.streams.id('offer');
    const answerBy = addDays(on, DEFAULT_ALLOCATION_POLICY.answerDays);
    const meetingState = this.streams.state(meetingStream, committeeMeetingDecider);
    // The order of the service's offer process (make-offer.handler.ts): claims first, then the offer, then the minutes.
    this.dwellingCommand(d, { type: 'ReserveDwelling', dwellingId: d.id, applicationId: a.applicationId, reservedOn: on }, ctx);
    this.applicationCommand(app, { type: 'MarkOffered', applicationId: a.applicationId, actor: secretary, offerId, dwellingId: d.id, offeredOn: on, validityMonths: this.rates.approvalValidityMonths }, on, ctx.correlationId);
    this.streams.execute(offerDecider, GENERATOR_STREAMS.offer(offerId), {
      type: 'OfferDwelling',
      offerId,
      actor: secretary,
      meeting: { meetingId, heldOn: on, status: meetingState.status === 'open' ? 'open' : 'closed' },
      application: applicationSnapshotOf(a),
      dwelling: dwellingSnapshot(dState)!,
      listPosition: position,
      concentration: counts,
      policy: { fit: DEFAULT_ALLOCATION_POLICY.fit, concentration: DEFAULT_ALLOCATION_POLICY.concentration },
      concentrationOverride: null,
      legalBasis: ALLOCATION_BASIS,
      reasons: `Husstanden står som nr. ${position.position} på ventelisten, og boligen dekker husstandens behov.`,
      offeredOn: on,
      answerBy,
    }, ctx);
    this.streams.execute(committeeMeetingDecider, meetingStream, {
      type: 'RecordCommitteeDecision',
      meetingId,
      actor: secretary,
      decision: { kind: 'offer', offerId, applicationId: a.applicationId, dwellingId: d.id },
    }, ctx);
    d.capped = app.capped;
    this.adjustCapped(d, +1);
    this.tally.count('offers');
    const roll = r.next();
    const answer = roll < this.rates.offerAcceptShare ? 'accept' : roll < this.rates.offerAcceptShare + this.rates.offerDeclineShare ? 'decline' : 'expire';
    this.offers.push({
      offerId,
      application: app,
      dwelling: d,
      offeredOn: on,
      answerBy,
      answer,
      answerOn: answer === 'expire' ? addDays(answerBy, 1) : addDays(on, r.int(1, DEFAULT_ALLOCATION_POLICY.answerDays)),
      correlationId: ctx.correlationId,
    });
  }

  private answerOffers(on: string): void {
    const r = this.random;
    const due = this.offers.filter((o) => o.answerOn <= on);
    if (due.length === 0) return;
    const left = this.offers.filter((o) => o.answerOn > on);
    this.offers.length = 0;
    this.offers.push(...left);
    for (const o of due) {
      const day = o.answerOn;
      const ctx = { ...this.context('caseworker', day), correlationId: o.correlationId };
      const offerStream = GENERATOR_STREAMS.offer(o.offerId);
      const { application: app, dwelling: d } = o;
      const actor = r.pick(this.caseworkers);
      if (o.answer === 'accept') {
        this.streams.execute(offerDecider, offerStream, { type: 'AcceptOffer', offerId: o.offerId, actor, acceptedOn: day }, ctx);
        // The lease as the service signs it from the accepted offer: its id derived from the offer.
        const leaseId = leaseIdForOffer(o.offerId);
        const swapLease = app.swapFrom?.lease ?? null;
        if (app.swapFrom && swapLease) this.vacate(app.swapFrom, day, 'swap', leaseId);
        const a = this.applicationState(app) as Application;
        const dState = this.dwellingState(d);
        const term = this.leaseTerm(dState.description.dwellingType, 1);
        d.lease = this.tenancies.sign(d.id, dState.description.primaryAreaM2, { householdId: a.household.applicantId, memberIds: a.household.memberIds },
          { kind: 'offer', offerId: o.offerId, applicationId: app.id }, leaseId, day, term, app.id, swapLease?.leaseId ?? null, ctx);
        if (term === 'temporary-housing') this.scheduleTemporaryStay(d, day);
        this.applicationCommand(app, { type: 'MarkHoused', applicationId: app.id, actor, offerId: o.offerId, acceptedOn: day }, day, o.correlationId);
        this.close(app);
        this.tally.count('offersAccepted');
        this.tally.count('householdsHoused');
      } else {
        if (o.answer === 'decline') {
          const reason = r.pick(DECLINE_REASONS);
          this.streams.execute(offerDecider, offerStream, { type: 'DeclineOffer', offerId: o.offerId, actor, declinedOn: day, reason }, ctx);
          this.applicationCommand(app, { type: 'MarkOfferDeclinedOrExpired', applicationId: app.id, actor, offerId: o.offerId, offerOutcome: 'declined', returnedOn: day, reason, listDatePolicy: DEFAULT_APPLICATIONS_POLICY.listDateAfterDeclinedOffer }, day, o.correlationId);
          this.tally.count('offersDeclined');
        } else {
          this.streams.execute(offerDecider, offerStream, { type: 'ExpireOffer', offerId: o.offerId, actor: 'system', recordedOn: day }, ctx);
          // As the service's offer reactions: back on the list from the day the offer lapsed.
          this.applicationCommand(app, { type: 'MarkOfferDeclinedOrExpired', applicationId: app.id, actor: 'system', offerId: o.offerId, offerOutcome: 'expired', returnedOn: addDays(o.answerBy, 1), recordedOn: day, reason: null, listDatePolicy: DEFAULT_APPLICATIONS_POLICY.listDateAfterExpiredOffer }, day, o.correlationId);
          this.tally.count('offersExpired');
        }
        this.dwellingCommand(d, { type: 'ReleaseReservation', dwellingId: d.id, applicationId: app.id, releasedOn: day, reason: o.answer === 'decline' ? 'tilbudet ble avslått' : 'svarfristen gikk ut' }, ctx);
        this.adjustCapped(d, -1);
        d.capped = false;
      }
      this.streams.retire(offerStream);
    }
  }

  private concentrationCounts(d: SimDwelling): ConcentrationCounts {
    const building = this.byBuilding.get(d.buildingKey)!.filter((b) => !b.gone);
    const district = this.districtCounts.get(d.district)!;
    return {
      building: { buildingKey: d.buildingKey, dwellings: building.length, inCappedCategories: building.filter((b) => b.capped).length },
      district: { district: d.district, dwellings: district.dwellings, inCappedCategories: Math.min(district.capped, district.dwellings - 1) },
    };
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  private track(id: string, description: Parameters<typeof buildingKey>[0] & { district: string; primaryAreaM2: number }): SimDwelling {
    const d: SimDwelling = {
      id,
      streamId: dwellingStreamId(id),
      buildingKey: buildingKey(description),
      district: description.district,
      capped: false,
      lease: null,
      primaryAreaM2: description.primaryAreaM2,
      swapApplicationId: null,
      renovationEndsOn: null,
      saleOn: null,
      grade: 'TGIU',
      gone: false,
      transition: null,
      pendingEnd: null,
    };
    this.dwellings.push(d);
    const inBuilding = this.byBuilding.get(d.buildingKey) ?? [];
    inBuilding.push(d);
    this.byBuilding.set(d.buildingKey, inBuilding);
    const c = this.districtCounts.get(d.district) ?? { dwellings: 0, capped: 0 };
    c.dwellings++;
    this.districtCounts.set(d.district, c);
    return d;
  }

  private leave(d: SimDwelling): void {
    d.gone = true;
    this.districtCounts.get(d.district)!.dwellings--;
    this.streams.retire(d.streamId);
  }

  private adjustCapped(d: SimDwelling, delta: number): void {
    if (d.capped) this.districtCounts.get(d.district)!.capped += delta;
  }

  inPortfolio(): number {
    let n = 0;
    for (const c of this.districtCounts.values()) n += c.dwellings;
    return n;
  }

  private dwellingState(d: SimDwelling): Dwelling {
    return this.streams.state<DwellingState>(d.streamId, dwellingDecider) as Dwelling;
  }

  private applicationState(app: SimApplication): ApplicationState {
    return this.streams.state<ApplicationState>(app.streamId, applicationDecider);
  }

  private dwellingCommand(d: SimDwelling, command: Parameters<typeof dwellingDecider.decide>[0], ctx: SimulatedContext): void {
    this.streams.execute(dwellingDecider, d.streamId, command, ctx);
  }

  private applicationCommand(app: SimApplication, command: Parameters<typeof applicationDecider.decide>[0], on: string, correlationId?: string): void {
    const ctx = this.context('caseworker', on);
    this.streams.execute(applicationDecider, app.streamId, command, correlationId ? { ...ctx, correlationId } : ctx);
  }

  /** Metadata from the simulated clock: a working-hours time on the day, by a caseworker of this municipality. */
  private context(role: string, on: string, correlationId?: string): SimulatedContext {
    const r = this.random;
    const minutes = r.int(7 * 60, 15 * 60);
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
    return {
      actor: role === 'system' ? 'system:generator' : r.pick(this.caseworkers),
      role,
      occurredAt: `${on}T${time}.000Z`,
      correlationId: correlationId ?? this.streams.id('correlation'),
    };
  }
}

/** What the offer decider is told of the application, as the service's offer handler reads it. */
function applicationSnapshotOf(a: Application): ApplicationSnapshot {
  const { applicationId, household, needs, categories, status, approvedOn, validFrom, returnedToListOn } = a;
  return { applicationId, household, needs, categories, status, approvedOn, validFrom, returnedToListOn };
}
