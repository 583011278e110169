import { v7 as uuidv7 } from 'uuid';
import type { CommandExecutor } from '../../src/command-handling/command-executor.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../../src/portfolio/dwelling/dwelling.commands.js';
import { applicationDecider } from '../../src/applications/application/application.decider.js';
import type { ApplicationCommand } from '../../src/applications/application/application.commands.js';
import type { BackgroundCategory } from '../../src/applications/background-category.js';
import { nameBasedUuid } from '../../src/shared-kernel/uuid.js';
import { leaseDecider } from '../../src/leases/lease/lease.decider.js';
import type { LeaseCommand } from '../../src/leases/lease/lease.commands.js';
import { leaseStreamId } from '../../src/leases/lease-stream.js';
import { transitionDecider } from '../../src/ownership/transition/transition.decider.js';
import type { TransitionCommand } from '../../src/ownership/transition/transition.commands.js';
import { transitionStreamId } from '../../src/ownership/transition-stream.js';

/**
 * A hand-built year (2025) in Kristiansund (1505), with one dwelling in Trondheim (5001), whose
 * every KOSTRA figure is worked out by hand in `expected2025` below. Every event goes through its
 * real decider (dwelling, application, lease, tenant-to-owner transition) and the command executor
 * into the event store. Each aggregate is driven on its own: the cross-stream steps of the
 * handlers (marking the dwelling let, the household's tenancy) are not part of what is counted.
 */
export interface ScenarioRuntime {
  executor: CommandExecutor;
  store: EventStore;
}

const id = (name: string) => nameBasedUuid(`kostra-scenario:${name}`);
const actor = id('caseworker');
const context = (on: string) => ({ actor: 'test', role: 'caseworker', correlationId: uuidv7(), occurredAt: `${on}T00:00:00.000Z` });

function description(kommunenummer: string, gnr: number, unit: string, over: Record<string, unknown> = {}) {
  return {
    matrikkel: { kommunenummer, gardsnummer: gnr, bruksnummer: 1, festenummer: null, seksjonsnummer: null },
    bruksenhetsnummer: unit,
    address: { street: `Storgata ${gnr}`, postalCode: '6509', postalTown: 'Kristiansund' },
    district: 'Nordlandet',
    dwellingType: 'ordinary',
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 60,
    floor: 1,
    wheelchairAccessible: false,
    universallyDesigned: false,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership: 'municipal',
    leaseInEndDate: null,
    ...over,
  };
}

export const D = {
  d1: id('d1'), d2: id('d2'), d3: id('d3'), d4: id('d4'), d5: id('d5'), d6: id('d6'), d6b: id('d6b'),
  d7: id('d7'), d8: id('d8'), d9: id('d9'), d10: id('d10'), d11: id('d11'), d12: id('d12'),
};
export const A = {
  a1: id('a1'), a2: id('a2'), a3: id('a3'), a4: id('a4'), a5: id('a5'), a6: id('a6'),
  a7: id('a7'), a8: id('a8'), a9: id('a9'), a10: id('a10'), a11: id('a11'), a12: id('a12'),
};

/** Security for the rent (LeaseSigned.data.security). */
const NO_SECURITY = { kind: 'none' };
const deposit = (amount: number) => ({ kind: 'deposit', amount });
const guarantee = (guarantor: 'nav' | 'municipality' | 'private', amount: number) => ({ kind: 'guarantee', amount, guarantor, reference: `${guarantor}-${amount}` });

export class KostraScenario {
  last = 0n;
  constructor(private readonly rt: ScenarioRuntime) {}

  private track(position: bigint | null) {
    if (position !== null && position > this.last) this.last = position;
  }

  async dwelling(command: Record<string, unknown>) {
    const c = command as unknown as DwellingCommand;
    const r = await this.rt.executor.execute(dwellingDecider, dwellingStreamId(c.dwellingId), c, context('2025-01-01'));
    this.track(r.position);
  }

  async application(command: Record<string, unknown>) {
    const c = { actor, ...command } as unknown as ApplicationCommand;
    const r = await this.rt.executor.execute(applicationDecider, `application-${c.applicationId}`, c, context('2025-01-01'));
    this.track(r.position);
  }

  async lease(command: Record<string, unknown>) {
    const c = { actor, ...command } as unknown as LeaseCommand;
    const r = await this.rt.executor.execute(leaseDecider, leaseStreamId(c.leaseId), c, context('2025-01-01'));
    this.track(r.position);
  }

  async transition(command: Record<string, unknown>) {
    const c = { actor, ...command } as unknown as TransitionCommand;
    const r = await this.rt.executor.execute(transitionDecider, transitionStreamId(c.transitionId), c, context('2025-01-01'));
    this.track(r.position);
  }

  // ---- building blocks ------------------------------------------------------------------------

  register(dwellingId: string, registeredOn: string, desc: Record<string, unknown>) {
    return this.dwelling({ type: 'RegisterDwelling', dwellingId, registeredOn, ...desc });
  }

  acquire(dwellingId: string, acquiredOn: string, desc: Record<string, unknown>, acquisition: Record<string, unknown>) {
    return this.dwelling({ type: 'AcquireDwelling', dwellingId, acquiredOn, acquisition, ...desc });
  }

  async submit(applicationId: string, submittedOn: string, categories: BackgroundCategory[], extra: Record<string, unknown> = {}) {
    await this.application({
      type: 'SubmitApplication',
      applicationId,
      kind: 'new',
      currentLeaseId: null,
      submittedOn,
      household: { applicantId: id(`person-${applicationId}`), memberIds: [], children: 0 },
      housingSituation: 'without-home',
      categories,
      refugeeArrivalDate: null,
      needs: { minBedrooms: 1, wheelchairAccessible: false, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] },
      urgency: 'normal',
      ...extra,
    });
  }

  decide(applicationId: string, outcome: 'approved' | 'rejected', decidedOn: string, validityMonths = 12) {
    return this.application({ type: 'DecideApplication', applicationId, outcome, legalBasis: 'boligsosialloven § 6', reasons: 'vurdert etter tildelingsforskriften', decidedOn, notifiedOn: decidedOn, validityMonths });
  }

  async house(applicationId: string, dwellingId: string, offeredOn: string, acceptedOn: string) {
    const offerId = id(`offer-${applicationId}`);
    await this.application({ type: 'MarkOffered', applicationId, offerId, dwellingId, offeredOn, validityMonths: 12 });
    await this.application({ type: 'MarkHoused', applicationId, offerId, acceptedOn });
  }

  /**
   * A short-term lease runs one year (under the 3 years of husleieloven § 9-3, on § 11-1); the others
   * are open-ended. The rent is 9,000 a month, so a deposit may be at most 54,000.
   */
  signLease(
    leaseId: string, household: string, dwellingId: string, startDate: string, contractType: string, origin: Record<string, unknown>,
    previousLeaseId: string | null = null, security: Record<string, unknown> = NO_SECURITY,
  ) {
    const shortTerm = contractType === 'short-term';
    return this.lease({
      type: 'SignLease', leaseId, householdId: household, memberIds: [], dwellingId, origin, contractType, signedOn: startDate, startDate,
      endDate: shortTerm ? `${Number(startDate.slice(0, 4)) + 1}${startDate.slice(4)}` : null,
      termLegalBasis: shortTerm ? 'husleieloven § 11-1' : null, monthlyRent: 9000, security, previousLeaseId,
      rules: { minimumTimeLimitedMonths: 36, temporaryHousingAimMonths: 3 },
    });
  }

  endLease(leaseId: string, endedOn: string, reason: string, evictionEnforcedOn: string | null = null) {
    return this.lease({ type: 'EndLease', leaseId, endedOn, reason, evictionEnforcedOn, transferLeaseId: null, note: null });
  }

  startTransition(transitionId: string, leaseId: string, household: string, dwellingId: string, leaseStart: string, plan: string, startedOn: string) {
    return this.transition({
      type: 'StartTransition', transitionId, plan, startedOn,
      lease: { leaseId, status: 'active', householdId: household, dwellingId, startDate: leaseStart },
    });
  }

  // ---- the year ---------------------------------------------------------------------------------

  /** Everything recorded by the end of the scenario's first part; returns the position after it. */
  async build(): Promise<bigint> {
    const grant = (amount: number, grantDate: string, writeDownYears: number) => ({ amount, grantDate, writeDownYears });
    const purchase = (price: number, rentalHousingGrant: unknown = null) => ({ method: 'purchase', price, financing: { rentalHousingGrant, husbankenLoan: 0, ownFunds: price } });

    // Stock.
    await this.register(D.d1, '2020-01-01', description('1505', 1, 'H0101', { wheelchairAccessible: true }));
    await this.register(D.d2, '2020-01-01', description('1505', 2, 'H0101', { ownership: 'property-company' }));
    await this.acquire(D.d3, '2025-03-01', description('1505', 3, 'H0101', { wheelchairAccessible: true }), purchase(3_000_000, grant(600_000, '2025-03-01', 30)));
    await this.acquire(D.d4, '2024-06-01', description('1505', 4, 'H0101', { ownership: 'leased-in', leaseInEndDate: '2025-06-30' }), { method: 'lease-in', monthlyRent: 12_000 });
    await this.acquire(D.d5, '2023-01-01', description('1505', 5, 'H0101', { ownership: 'leased-in', leaseInEndDate: '2027-12-31', wheelchairAccessible: true }), { method: 'lease-in', monthlyRent: 11_000 });
    await this.register(D.d6, '2015-01-01', description('1505', 6, 'H0201'));
    await this.dwelling({ type: 'RecordRentalHousingGrant', dwellingId: D.d6, grant: grant(300_000, '2015-01-01', 20) });
    await this.register(D.d7, '2018-05-01', description('1505', 7, 'H0101'));
    await this.dwelling({ type: 'RecordRentalHousingGrant', dwellingId: D.d7, grant: grant(400_000, '2018-05-01', 30) });
    await this.register(D.d8, '2019-01-01', description('1505', 8, 'H0101'));
    await this.register(D.d10, '2020-01-01', description('5001', 10, 'H0101'));

    // D2 became wheelchair-accessible in May 2025; D1's correction is dated 2026 and does not count for 2025.
    await this.dwelling({ type: 'UpdateDwellingDetails', dwellingId: D.d2, correctedOn: '2025-05-01', changes: { wheelchairAccessible: true }, reason: 'ramp built' });
    await this.dwelling({ type: 'UpdateDwellingDetails', dwellingId: D.d1, correctedOn: '2026-02-01', changes: { wheelchairAccessible: false }, reason: 'lift removed' });

    // The lease-in of D4 ends mid-year (its tenant's lease, with a NAV guarantee, ended first).
    await this.signLease(id('l4'), 'h4', D.d4, '2024-07-01', 'short-term', { kind: 'opening-balance', importReference: 'import-1' }, null, guarantee('nav', 27_000));
    await this.endLease(id('l4'), '2025-06-15', 'lease-in-ended');
    await this.dwelling({ type: 'EndLeaseIn', dwellingId: D.d4, endedOn: '2025-06-30' });

    // D6 sold (grant repaid) and bought back as a new dwelling record of the same unit.
    await this.dwelling({ type: 'MarkForDisposal', dwellingId: D.d6, markedOn: '2025-02-01', reason: 'strategic', note: null });
    await this.dwelling({ type: 'SellDwelling', dwellingId: D.d6, soldOn: '2025-04-01', price: 2_000_000, buyer: 'open-market', grantSettlement: { kind: 'repayment', amount: null, overrideJustification: null } });
    await this.acquire(D.d6b, '2025-10-01', description('1505', 6, 'H0201'), purchase(2_100_000));

    // D8: its tenant moved within the stock to D5; D8 sold on 31.12 (not in the stock at the end of that day).
    await this.signLease(id('l6a'), 'h6', D.d8, '2020-03-01', 'ordinary', { kind: 'opening-balance', importReference: 'import-1' }, null, deposit(18_000));
    await this.startTransition(id('t2'), id('l6a'), 'h6', D.d8, '2020-03-01', 'buy-on-market', '2024-10-01');
    await this.transition({ type: 'GrantStartlan', transitionId: id('t2'), loanReference: 'SL-2024-9', amount: 1_800_000, grantedOn: '2024-11-01', husbankenReportedOn: '2025-01-15' });
    await this.transition({ type: 'AbandonTransition', transitionId: id('t2'), abandonedOn: '2025-07-01', reason: 'flytter heller til en annen kommunal bolig' });
    await this.endLease(id('l6a'), '2025-07-31', 'transferred');
    await this.signLease(id('l6b'), 'h6', D.d5, '2025-08-01', 'ordinary', { kind: 'opening-balance', importReference: 'transfer' }, id('l6a'), guarantee('private', 54_000));
    await this.dwelling({ type: 'MarkForDisposal', dwellingId: D.d8, markedOn: '2025-09-01', reason: 'poor-condition', note: null });
    await this.dwelling({ type: 'SellDwelling', dwellingId: D.d8, soldOn: '2025-12-31', price: 1_500_000, buyer: 'open-market', grantSettlement: null });

    // Acquired after the year: not in the 2025 stock.
    await this.acquire(D.d9, '2026-01-15', description('1505', 9, 'H0101'), purchase(2_500_000));

    // Applications.
    await this.submit(A.a1, '2025-01-10', ['refugee-settlement'], { refugeeArrivalDate: '2021-03-01' });
    await this.decide(A.a1, 'approved', '2025-02-01');
    await this.house(A.a1, D.d1, '2025-02-10', '2025-02-15');
    await this.signLease(id('l1'), 'h1', D.d1, '2025-03-01', 'ordinary', { kind: 'offer', offerId: id(`offer-${A.a1}`), applicationId: A.a1 }, null, deposit(27_000));

    // Allocated (offer accepted) and moved in on 31.12.
    await this.submit(A.a2, '2025-02-01', ['substance-abuse-or-mental-illness']);
    await this.decide(A.a2, 'approved', '2025-03-01');
    await this.house(A.a2, D.d2, '2025-12-20', '2025-12-31');
    await this.signLease(id('l2'), 'h2', D.d2, '2025-12-31', 'short-term', { kind: 'offer', offerId: id(`offer-${A.a2}`), applicationId: A.a2 }, null, guarantee('nav', 54_000));

    // Allocated on 31.12 too, but moving in on 5 January: no move-in in 2025, and off the list at 31.12.
    await this.submit(A.a12, '2025-10-01', []);
    await this.decide(A.a12, 'approved', '2025-10-15');
    await this.house(A.a12, D.d6b, '2025-12-28', '2025-12-31');
    await this.signLease(id('l12'), 'h12', D.d6b, '2026-01-05', 'ordinary', { kind: 'offer', offerId: id(`offer-${A.a12}`), applicationId: A.a12 }, null, deposit(18_000));

    // Refused, appealed, reversed on appeal: approved, on the list.
    await this.submit(A.a3, '2025-03-01', []);
    await this.decide(A.a3, 'rejected', '2025-04-01');
    await this.application({ type: 'ReceiveAppeal', applicationId: A.a3, receivedOn: '2025-04-10' });
    await this.application({ type: 'DecideAppeal', applicationId: A.a3, outcome: 'reversed', legalBasis: 'forvaltningsloven § 34', reasons: 'nye opplysninger', decidedOn: '2025-05-15', notifiedOn: '2025-05-15', validityMonths: 12 });

    await this.submit(A.a4, '2025-04-01', ['disability'], { needs: { minBedrooms: 1, wheelchairAccessible: true, groundFloorOrLift: true, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] } });
    await this.decide(A.a4, 'rejected', '2025-05-01');

    // A refugee who arrived more than 5 years before moving in; temporary housing that ended (its municipal guarantee with it).
    await this.submit(A.a5, '2025-05-01', ['refugee-settlement'], { refugeeArrivalDate: '2019-01-01' });
    await this.decide(A.a5, 'approved', '2025-06-01');
    await this.house(A.a5, D.d3, '2025-06-10', '2025-06-20');
    await this.signLease(id('l5'), 'h5', D.d3, '2025-07-01', 'temporary-housing', { kind: 'offer', offerId: id(`offer-${A.a5}`), applicationId: A.a5 }, null, guarantee('municipality', 9_000));
    await this.endLease(id('l5'), '2025-09-30', 'moved-out');
    await this.signLease(id('l10'), 'h10', D.d3, '2025-11-01', 'temporary-housing', { kind: 'opening-balance', importReference: 'emergency' });

    // Approved in 2024, still waiting: adapted dwelling and substance abuse / mental illness.
    await this.submit(A.a6, '2024-11-01', ['substance-abuse-or-mental-illness', 'disability']);
    await this.decide(A.a6, 'approved', '2024-12-01');

    // A swap request waiting, an extension refused.
    await this.submit(A.a7, '2025-06-01', [], { kind: 'swap', currentLeaseId: id('l0') });
    await this.decide(A.a7, 'approved', '2025-06-15');
    await this.submit(A.a8, '2025-07-01', [], { kind: 'extension', currentLeaseId: id('l1') });
    await this.decide(A.a8, 'rejected', '2025-07-15');

    // Approved then withdrawn.
    await this.submit(A.a9, '2025-08-01', []);
    await this.decide(A.a9, 'approved', '2025-08-15');
    await this.application({ type: 'WithdrawApplication', applicationId: A.a9, withdrawnOn: '2025-10-01', reason: null, validityMonths: 12 });

    // Refused in 2025, appealed; the reversal comes in 2026 (recorded later, see lateEvents).
    await this.submit(A.a10, '2025-09-01', []);
    await this.decide(A.a10, 'rejected', '2025-11-20');
    await this.application({ type: 'ReceiveAppeal', applicationId: A.a10, receivedOn: '2025-12-01' });

    // Approved 2023, expired, revived in 2025: back on the list.
    await this.submit(A.a11, '2023-01-01', []);
    await this.decide(A.a11, 'approved', '2023-02-01', 24); // granted for 24 months: lapses 2025-02-01
    await this.application({ type: 'ExpireApproval', applicationId: A.a11, recordedOn: '2025-02-01', validityMonths: 12 });
    await this.application({ type: 'RenewApproval', applicationId: A.a11, renewedOn: '2025-03-01', reasons: 'fortsatt behov', listDatePolicy: 'restart-date', validityMonths: 24 });

    // An opening-balance tenant in D7 who bought on the market with startlån; a tenancy in D6b ended by eviction.
    await this.signLease(id('l0'), 'h0', D.d7, '2019-01-01', 'ordinary', { kind: 'opening-balance', importReference: 'import-1' });
    await this.startTransition(id('t1'), id('l0'), 'h0', D.d7, '2019-01-01', 'buy-on-market', '2025-03-01');
    await this.transition({ type: 'GrantStartlan', transitionId: id('t1'), loanReference: 'SL-2025-1', amount: 2_500_000, grantedOn: '2025-05-10', husbankenReportedOn: null });
    await this.transition({ type: 'CompleteTransition', transitionId: id('t1'), purchasedOn: '2025-06-01', price: 3_100_000, grantSettlement: null });
    await this.endLease(id('l0'), '2025-06-01', 'moved-out');

    await this.signLease(id('l7'), 'h7', D.d6b, '2025-10-15', 'ordinary', { kind: 'opening-balance', importReference: 'direct' }, null, deposit(27_000));
    await this.endLease(id('l7'), '2025-12-01', 'eviction', '2025-12-01');

    // Trondheim.
    await this.signLease(id('l9'), 'h9', D.d10, '2025-05-01', 'ordinary', { kind: 'opening-balance', importReference: 'import-5001' }, null, guarantee('municipality', 27_000));
    return this.last;
  }

  /**
   * Two more Trondheim (5001) dwellings, each corrected twice with the later-dated correction recorded
   * first (see `expectedBackdated`). D11, wheelchair-accessible: the lift is removed from 01.01.2026
   * (recorded first), then it turns out to have been leased in since 01.09.2025 (recorded later).
   * D12: its matrikkel moves to 1505 from 01.01.2026 (recorded first), then its unit number is
   * corrected from 01.09.2025 (recorded later). Returns the position after them.
   */
  async backdatedCorrections(): Promise<bigint> {
    await this.register(D.d11, '2024-03-01', description('5001', 11, 'H0101', { wheelchairAccessible: true }));
    await this.register(D.d12, '2024-03-01', description('5001', 12, 'H0101'));
    await this.dwelling({ type: 'UpdateDwellingDetails', dwellingId: D.d11, correctedOn: '2026-01-01', changes: { wheelchairAccessible: false }, reason: 'lift removed' });
    await this.dwelling({
      type: 'UpdateDwellingDetails', dwellingId: D.d12, correctedOn: '2026-01-01', reason: 'municipal boundary moved',
      changes: { matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 1, festenummer: null, seksjonsnummer: null } },
    });
    await this.dwelling({ type: 'UpdateDwellingDetails', dwellingId: D.d11, correctedOn: '2025-09-01', changes: { ownership: 'leased-in', leaseInEndDate: '2030-12-31' }, reason: 'lease-in contract found' });
    await this.dwelling({ type: 'UpdateDwellingDetails', dwellingId: D.d12, correctedOn: '2025-09-01', changes: { bruksenhetsnummer: 'H0102' }, reason: 'unit renumbered' });
    return this.last;
  }

  /** Recorded after the first report: a withdrawal dated in 2025 recorded late, and a 2026 reversal. */
  async lateEvents(): Promise<bigint> {
    await this.application({ type: 'WithdrawApplication', applicationId: A.a3, withdrawnOn: '2025-12-01', reason: 'flyttet', validityMonths: 12 });
    await this.application({ type: 'DecideAppeal', applicationId: A.a10, outcome: 'reversed', legalBasis: 'forvaltningsloven § 34', reasons: 'ny vurdering', decidedOn: '2026-01-10', notifiedOn: '2026-01-10', validityMonths: 12 });
    return this.last;
  }
}

/**
 * The 2025 figures for 1505, worked out by hand from the scenario (see README.md
 * for the definitions):
 * - stock at the end of 31.12: D1, D2, D3, D5, D6b, D7 (D4's lease-in ended 30.06, D6 sold
 *   01.04 and its unit counted once through D6b, D8 sold on 31.12, D9 acquired 2026);
 *   municipally owned D1, D2 (property company), D3, D6b, D7; leased in D5; wheelchair D1 (the
 *   2026 correction does not count), D2 (corrected 01.05.2025), D3, D5: 4 of 6 = 66.7 %.
 * - entered during 2025: D3, D6b; sold: D6, D8; lease-ins ended: D4.
 * - new applications received: A1 A2 A3 A4 A5 A9 A10 A12 (A6 2024, A11 2023) = 8; refused: A4, A10
 *   (A3's refusal reversed on appeal by 31.12; A10's reversal is dated 2026) = 2; swap/extension
 *   received A7 A8 = 2, refused A8 = 1; reversed on appeal: A3 = 1.
 * - newly moved in: h1 (L1), h2 (L2 on 31.12), h5 (L5), h10 (L10), h7 (L7) = 5 (h12, allocated
 *   on 31.12, moves in on 05.01.2026); refugees: h1
 *   (arrived 2021-03-01, moved in 2025-03-01; h5 arrived 2019) = 1; substance/mental: h2 = 1;
 *   within the stock: h6 (L6b follows L6a) = 1.
 * - waiting list at the end of 31.12: A3 (other), A6 (adapted and substance), A11 (revived; other)
 *   = 3 (A2 and A12 housed on 31.12, A9 withdrawn, A10 refused); adapted 1, substance 1, other 2; swap A7 = 1.
 * - leases in force at the end of 31.12: L1, L2 (short-term, from 31.12), L6b, L10 (temporary) = 4;
 *   by security: deposit L1 = 1; guarantee L2 (NAV), L6b (private) = 2; none L10 = 1. Not counted:
 *   the ended L4 (NAV guarantee), L5 (municipal guarantee), L6a and L7 (deposits), L0 (none); L12
 *   (deposit) starts in 2026; L9 (municipal guarantee) is in 5001.
 * - Husbanken: acquired with grant D3 600,000; grants dated 2025: D3's = 1, 600,000; sold 2
 *   (D6 with repayment 300,000 × (20 − 10) / 20 = 150,000; D8 no grant); outstanding on 31.12:
 *   D3 600,000 (no year completed) + D7 ⌈400,000 × 23 / 30⌉ = 306,667 → 906,667; into ownership:
 *   h0 on the market = 1 (h6's transition was abandoned); startlån 2025: SL-2025-1 2,500,000
 *   (SL-2024-9 is 2024); evictions: L7 = 1.
 */
export const expected2025 = {
  stock: {
    total: 6, municipallyOwned: 5, privatelyOwnedWithAllocationRight: 1, wheelchairAccessible: 4, wheelchairAccessibleSharePercent: 66.7,
    enteredDuringYear: 2, soldDuringYear: 2, leaseInsEndedDuringYear: 1,
  },
  applications: { newReceived: 8, newRefused: 2, swapOrExtensionReceived: 2, swapOrExtensionRefused: 1, refusalsReversedOnAppeal: 1 },
  moveIns: { newlyMovedInHouseholds: 5, refugees: 1, substanceAbuseOrMentalIllness: 1, movesWithinStock: 1 },
  waitingList: { total: 3, needingAdaptedDwelling: 1, substanceAbuseOrMentalIllness: 1, other: 2, swapRequestsWaiting: 1 },
  contracts: {
    leasesInForce: 4, shortTerm: 1, temporaryHousing: 1,
    security: { deposit: 1, guarantee: { leases: 2, nav: 1, municipality: 0, private: 1 }, none: 1 },
  },
  husbanken: {
    acquiredWithGrant: { dwellings: 1, grantAmount: 600_000 },
    grantsGivenDuringYear: { grants: 1, amount: 600_000 },
    sold: { dwellings: 2, withRepayment: 1, repaymentAmount: 150_000, withHusbankenConsent: 0, toSittingTenant: 0 },
    outstandingGrantBalance: 906_667,
    tenantsIntoOwnership: { households: 1, boughtRentedDwelling: 0, boughtOnMarket: 1 },
    startlan: { loans: 1, amount: 2_500_000 },
    evictions: 1,
  },
};

/**
 * The stock after `backdatedCorrections`, worked out by hand: a dwelling's description on 31.12 is its
 * registration plus the corrections dated by then, in log order (README.md, "dates").
 * - 2025 in 5001: D10, D11 (wheelchair-accessible: the lift goes only in 2026; leased in from
 *   01.09.2025), D12 (still in 5001: the boundary moves only in 2026) = 3; municipally owned D10,
 *   D12; leased in D11; wheelchair D11: 1 of 3 = 33.3 %. 1505 keeps its six.
 * - 2026 in 5001: D10, D11 (leased in, no longer wheelchair-accessible: both corrections apply) = 2;
 *   D12 counts in 1505 (unit H0102: both corrections apply), beside the seven of 1505 in 2026 = 8.
 */
export const expectedBackdated = {
  stock2025In5001: {
    total: 3, municipallyOwned: 2, privatelyOwnedWithAllocationRight: 1, wheelchairAccessible: 1, wheelchairAccessibleSharePercent: 33.3,
    enteredDuringYear: 0, soldDuringYear: 0, leaseInsEndedDuringYear: 0,
  },
  stock2026In5001: {
    total: 2, municipallyOwned: 1, privatelyOwnedWithAllocationRight: 1, wheelchairAccessible: 0, wheelchairAccessibleSharePercent: 0,
    enteredDuringYear: 0, soldDuringYear: 0, leaseInsEndedDuringYear: 0,
  },
  stockTotal2026In1505: 8,
};
