import { appealDeadline } from '../../applications/appeal-deadline.js';
import { addDays, addMonths, lastDayOfTerm } from '../../applications/calendar-arithmetic.js';
import { requireLegalBasis, requireReasons } from '../../applications/enkeltvedtak.js';
import { requireCalendarDate, requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import { optionalText, optionalUuid, requireId, requireKroner, requireOneOf, requireText } from '../../portfolio/dwelling/field-rules.js';
import type { Decider } from '../../shared-kernel/decider.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import type { AbandonSigning, AdjustRent, EndLease, GiveNotice, LeaseCommand, LeaseTermRules, RenewLease, SignLease } from './lease.commands.js';
import {
  depositTooHigh,
  endDateRequired,
  evictionDateOnlyForEviction,
  evictionDateRequired,
  indexAdjustmentTooSoon,
  landlordNoticeNeedsReason,
  leaseAlreadySigned,
  leaseEnded,
  leaseExists,
  leaseNotFound,
  notShortTerm,
  notTimeLimited,
  renewalNotLater,
  rentUnchanged,
  securityFieldNotAllowed,
  shortTermNeedsBasis,
  ordinaryTermTooShort,
  signingAbandoned,
  transferLeaseOnlyForTransfer,
  underNotice,
} from './lease.errors.js';
import type { LeaseEvent, LeaseSigned } from './lease.events.js';
import { initialState, type Lease, type LeaseState } from './lease.state.js';
import { CONTRACT_TYPES, GUARANTORS, LEASE_END_REASONS, NOTICE_PARTIES, SECURITY_KINDS, type LeaseOrigin, type LeaseSecurity } from './lease-terms.js';

/**
 * The Lease aggregate (leiekontrakt): signed, rent adjusted, renewed, notice given, ended.
 * Whether the dwelling is free and the household has no other lease is guarded by the Dwelling
 * aggregate and the household's tenancy stream; the signing handler runs those steps in order.
 */
export function decide(command: LeaseCommand, state: LeaseState): LeaseEvent[] {
  if (command.type === 'SignLease') return signLease(command, state);
  if (command.type === 'AbandonSigning') return abandonSigning(command, state);
  if (state.status === 'none') throw leaseNotFound(command.leaseId);
  if (state.status === 'abandoned') throw signingAbandoned(state);
  switch (command.type) {
    case 'AdjustRent':
      return adjustRent(command, active(state));
    case 'RenewLease':
      return renewLease(command, active(state));
    case 'GiveNotice':
      return giveNotice(command, active(state));
    case 'EndLease':
      return endLease(command, state);
  }
}

function active(l: Lease): Lease {
  if (l.status === 'ended') throw leaseEnded(l);
  return l;
}

/**
 * A time-limited lease runs at least 3 years (husleieloven § 9-3) unless it is a short-term lease
 * with the legal basis for the shorter term (§ 11-1). Temporary housing (§ 27) gets its 3-month aim
 * recorded. Signing the same lease again with the same terms records nothing (a retried signing).
 */
function signLease(c: SignLease, state: LeaseState): LeaseEvent[] {
  const leaseId = requireId(c.leaseId, 'leaseId');
  const householdId = requireId(c.householdId, 'householdId');
  if (!Array.isArray(c.memberIds)) throw new ValidationError('memberIds', 'must be a list of person ids (empty for a household of one)', 'FIELD_REQUIRED');
  const memberIds = c.memberIds.map((id, i) => requireId(id, `memberIds[${i}]`));
  const dwellingId = requireId(c.dwellingId, 'dwellingId');
  const origin = validateOrigin(c.origin);
  const contractType = requireOneOf(c.contractType, 'contractType', CONTRACT_TYPES);
  const signedOn = requireCalendarDate(c.signedOn, 'signedOn');
  const startDate = requireCalendarDate(c.startDate, 'startDate');
  const endDate = c.endDate === null || c.endDate === undefined ? null : requireCalendarDate(c.endDate, 'endDate');
  if (endDate !== null && endDate <= startDate) throw new ValidationError('endDate', `must be after the start date (${startDate})`, 'DATE_OUT_OF_ORDER');
  const termLegalBasis = checkTerm(contractType, startDate, endDate, optionalText(c.termLegalBasis, 'termLegalBasis'), c.rules);
  const monthlyRent = requireKroner(c.monthlyRent, 'monthlyRent', 1);
  const security = validateSecurity(c.security, monthlyRent);
  const previousLeaseId = optionalUuid(c.previousLeaseId, 'previousLeaseId');
  const actor = requireId(c.actor, 'actor');
  const event: LeaseSigned = {
    type: 'LeaseSigned',
    data: {
      leaseId,
      householdId,
      memberIds,
      dwellingId,
      origin,
      contractType,
      signedOn,
      startDate,
      endDate,
      termLegalBasis,
      temporaryHousingAimEndDate: contractType === 'temporary-housing' ? addMonths(startDate, c.rules.temporaryHousingAimMonths) : null,
      monthlyRent,
      security,
      previousLeaseId,
      actor,
    },
  };
  if (state.status === 'abandoned') throw signingAbandoned(state);
  if (state.status !== 'none') {
    if (sameTerms(state.signed, event.data)) return [];
    throw leaseExists(state);
  }
  return [event];
}

/**
 * Gives up a signing cut short before its lease was recorded. Refused once the lease is signed (the
 * signing is then complete; ending the lease is the way out). A repeat records nothing.
 */
function abandonSigning(c: AbandonSigning, state: LeaseState): LeaseEvent[] {
  const leaseId = requireId(c.leaseId, 'leaseId');
  const householdId = requireId(c.householdId, 'householdId');
  const dwellingId = requireId(c.dwellingId, 'dwellingId');
  const abandonedOn = requireCalendarDate(c.abandonedOn, 'abandonedOn');
  const reason = requireText(c.reason, 'reason');
  const actor = requireId(c.actor, 'actor');
  if (state.status === 'abandoned') return [];
  if (state.status !== 'none') throw leaseAlreadySigned(state);
  return [{ type: 'LeaseSigningAbandoned', data: { leaseId, householdId, dwellingId, abandonedOn, reason, actor } }];
}

function checkTerm(
  contractType: SignLease['contractType'],
  startDate: string,
  endDate: string | null,
  termLegalBasis: string | null,
  rules: LeaseTermRules,
): string | null {
  // endDate is the lease's last day: a 3-year lease from 1 January 2027 runs to 31 December 2029.
  const minimumLastDay = lastDayOfTerm(startDate, rules.minimumTimeLimitedMonths);
  if (contractType === 'short-term') {
    if (endDate === null) throw endDateRequired();
    if (endDate >= minimumLastDay) throw notShortTerm(rules.minimumTimeLimitedMonths);
    if (termLegalBasis === null) throw shortTermNeedsBasis(rules.minimumTimeLimitedMonths);
    return termLegalBasis;
  }
  if (contractType === 'ordinary' && endDate !== null && endDate < minimumLastDay) throw ordinaryTermTooShort(rules.minimumTimeLimitedMonths, minimumLastDay);
  return termLegalBasis;
}

function validateOrigin(origin: LeaseOrigin): LeaseOrigin {
  if (typeof origin !== 'object' || origin === null) throw new ValidationError('origin', 'is required', 'FIELD_REQUIRED');
  if (origin.kind === 'offer') {
    return { kind: 'offer', offerId: requireId(origin.offerId, 'origin.offerId'), applicationId: requireId(origin.applicationId, 'origin.applicationId') };
  }
  if (origin.kind === 'opening-balance') return { kind: 'opening-balance', importReference: requireText(origin.importReference, 'origin.importReference') };
  throw new ValidationError('origin.kind', 'must be offer or opening-balance', 'INVALID_OPTION');
}

function validateSecurity(security: LeaseSecurity, monthlyRent: number): LeaseSecurity {
  if (typeof security !== 'object' || security === null) throw new ValidationError('security', 'is required (NONE when there is none)', 'FIELD_REQUIRED');
  const kind = requireOneOf(security.kind, 'security.kind', SECURITY_KINDS);
  // What the kind has no use for is refused, not dropped: the caller would believe it recorded.
  const given = security as { amount?: unknown; guarantor?: unknown; reference?: unknown };
  if (kind === 'none') {
    if (given.amount !== null && given.amount !== undefined) throw securityFieldNotAllowed('security.amount', 'a lease without security has no amount');
  }
  if (kind !== 'guarantee') {
    if (given.guarantor !== null && given.guarantor !== undefined) throw securityFieldNotAllowed('security.guarantor', 'only a guarantee has a guarantor');
    if (given.reference !== null && given.reference !== undefined) throw securityFieldNotAllowed('security.reference', 'only a guarantee has a reference');
  }
  if (kind === 'none') return { kind };
  const amount = requireKroner((security as { amount: number }).amount, 'security.amount', 1);
  if (kind === 'deposit') {
    if (amount > monthlyRent * 6) throw depositTooHigh(monthlyRent * 6);
    return { kind, amount };
  }
  const guarantee = security as Extract<LeaseSecurity, { kind: 'guarantee' }>;
  return {
    kind,
    amount,
    guarantor: requireOneOf(guarantee.guarantor, 'security.guarantor', GUARANTORS),
    reference: optionalText(guarantee.reference, 'security.reference'),
  };
}

/** The same lease: who recorded it, and from which import file, are not terms of the lease. */
function sameTerms(a: LeaseSigned['data'], b: LeaseSigned['data']): boolean {
  const terms = ({ actor: _actor, origin, ...rest }: LeaseSigned['data']) => ({ ...rest, origin: origin.kind === 'offer' ? origin : { kind: origin.kind } });
  return canonical(terms(a)) === canonical(terms(b));
}

/** JSON with object keys sorted: the stored event's key order is not the decided event's. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Index adjustment (husleieloven § 4-2): at the earliest a year after the rent was last fixed
 * ("ett år etter at leien sist ble fastsatt"), on whatever basis: the lease's start, an earlier
 * index adjustment, a new market level (§ 4-3) or an agreement; and a month after the written
 * notice (adjustedOn). A change on the other bases is recorded as given, but starts the year anew.
 */
function adjustRent(c: AdjustRent, l: Lease): LeaseEvent[] {
  const adjustedOn = requireCalendarDate(c.adjustedOn, 'adjustedOn');
  const effectiveFrom = requireNotBefore(requireCalendarDate(c.effectiveFrom, 'effectiveFrom'), 'effectiveFrom', l.startDate, 'the start of the lease');
  const newRent = requireKroner(c.newRent, 'newRent', 1);
  const basis = requireOneOf(c.basis, 'basis', ['index', 'market-level', 'agreement'] as const);
  const indexReference = optionalText(c.indexReference, 'indexReference');
  const actor = requireId(c.actor, 'actor');
  if (newRent === l.monthlyRent) throw rentUnchanged(l.monthlyRent);
  if (basis === 'index') {
    const earliest = [addMonths(l.rentLastFixedFrom, 12), addMonths(adjustedOn, 1)].sort()[1]!;
    if (effectiveFrom < earliest) throw indexAdjustmentTooSoon(earliest);
  }
  return [{ type: 'RentAdjusted', data: { leaseId: l.leaseId, adjustedOn, effectiveFrom, previousRent: l.monthlyRent, newRent, basis, indexReference, actor } }];
}

/**
 * Extending a time-limited lease is an enkeltvedtak (reasons § 24, legal basis § 25, appeal within
 * 3 weeks of notification § 29). An extension shorter than the minimum term needs its legal basis
 * (husleieloven § 11-1), as a new short lease would.
 */
function renewLease(c: RenewLease, l: Lease): LeaseEvent[] {
  const newEndDate = requireCalendarDate(c.newEndDate, 'newEndDate');
  const decidedOn = requireCalendarDate(c.decidedOn, 'decidedOn');
  const notifiedOn = requireNotBefore(requireCalendarDate(c.notifiedOn, 'notifiedOn'), 'notifiedOn', decidedOn, 'the decision');
  const legalBasis = requireLegalBasis(c.legalBasis);
  const reasons = requireReasons(c.reasons);
  const termLegalBasis = optionalText(c.termLegalBasis, 'termLegalBasis');
  const actor = requireId(c.actor, 'actor');
  if (l.endDate === null) throw notTimeLimited(l);
  if (l.notice) throw underNotice(l);
  if (newEndDate <= l.endDate) throw renewalNotLater(l.endDate);
  // The extension runs from the day after the old last day.
  if (l.contractType !== 'temporary-housing' && newEndDate < lastDayOfTerm(addDays(l.endDate, 1), c.rules.minimumTimeLimitedMonths) && termLegalBasis === null) {
    throw shortTermNeedsBasis(c.rules.minimumTimeLimitedMonths, 'an extension');
  }
  return [
    {
      type: 'LeaseRenewed',
      data: {
        leaseId: l.leaseId,
        previousEndDate: l.endDate,
        newEndDate,
        termLegalBasis,
        decidedOn,
        notifiedOn,
        appealDeadline: appealDeadline(notifiedOn),
        legalBasis,
        reasons,
        actor,
      },
    },
  ];
}

function giveNotice(c: GiveNotice, l: Lease): LeaseEvent[] {
  const givenBy = requireOneOf(c.givenBy, 'givenBy', NOTICE_PARTIES);
  const givenOn = requireNotBefore(requireCalendarDate(c.givenOn, 'givenOn'), 'givenOn', l.startDate, 'the start of the lease');
  const effectiveOn = requireCalendarDate(c.effectiveOn, 'effectiveOn');
  if (effectiveOn <= givenOn) throw new ValidationError('effectiveOn', `must be after the day notice is given (${givenOn})`, 'DATE_OUT_OF_ORDER');
  const reason = optionalText(c.reason, 'reason');
  if (givenBy === 'landlord' && reason === null) throw landlordNoticeNeedsReason();
  const actor = requireId(c.actor, 'actor');
  if (l.notice) throw underNotice(l);
  return [{ type: 'LeaseNoticeGiven', data: { leaseId: l.leaseId, givenBy, givenOn, effectiveOn, reason, actor } }];
}

/**
 * Ends the lease. Ending it again the same way (same day, same reason) records nothing, so the
 * process managers and retried requests can repeat the step.
 */
function endLease(c: EndLease, l: Lease): LeaseEvent[] {
  const endedOn = requireNotBefore(requireCalendarDate(c.endedOn, 'endedOn'), 'endedOn', l.startDate, 'the start of the lease');
  const reason = requireOneOf(c.reason, 'reason', LEASE_END_REASONS);
  const evictionEnforcedOn = c.evictionEnforcedOn === null || c.evictionEnforcedOn === undefined ? null : requireCalendarDate(c.evictionEnforcedOn, 'evictionEnforcedOn');
  if (reason === 'eviction' && evictionEnforcedOn === null) throw evictionDateRequired();
  if (reason !== 'eviction' && evictionEnforcedOn !== null) throw evictionDateOnlyForEviction();
  const transferLeaseId = optionalUuid(c.transferLeaseId, 'transferLeaseId');
  if (reason !== 'transferred' && transferLeaseId !== null) throw transferLeaseOnlyForTransfer();
  const note = optionalText(c.note, 'note');
  const actor = requireId(c.actor, 'actor');
  if (l.status === 'ended') {
    if (l.ended?.endedOn === endedOn && l.ended.reason === reason) return [];
    throw leaseEnded(l);
  }
  return [
    {
      type: 'LeaseEnded',
      data: { leaseId: l.leaseId, dwellingId: l.dwellingId, householdId: l.householdId, endedOn, reason, evictionEnforcedOn, transferLeaseId, note, actor },
    },
  ];
}

export function evolve(state: LeaseState, event: LeaseEvent): LeaseState {
  if (event.type === 'LeaseSigned') {
    const d = event.data;
    return {
      status: 'active',
      leaseId: d.leaseId,
      householdId: d.householdId,
      dwellingId: d.dwellingId,
      contractType: d.contractType,
      startDate: d.startDate,
      endDate: d.endDate,
      monthlyRent: d.monthlyRent,
      rentLastFixedFrom: d.startDate,
      notice: null,
      ended: null,
      signed: d,
    };
  }
  if (event.type === 'LeaseSigningAbandoned') {
    const d = event.data;
    return { status: 'abandoned', leaseId: d.leaseId, householdId: d.householdId, dwellingId: d.dwellingId, abandonedOn: d.abandonedOn, reason: d.reason };
  }
  if (state.status === 'none' || state.status === 'abandoned') return state;
  switch (event.type) {
    case 'RentAdjusted':
      // Every basis fixes the rent anew; a change back-dated before the last one does not move the day back.
      return {
        ...state,
        monthlyRent: event.data.newRent,
        rentLastFixedFrom: event.data.effectiveFrom > state.rentLastFixedFrom ? event.data.effectiveFrom : state.rentLastFixedFrom,
      };
    case 'LeaseRenewed':
      return { ...state, endDate: event.data.newEndDate };
    case 'LeaseNoticeGiven':
      return { ...state, notice: { givenBy: event.data.givenBy, givenOn: event.data.givenOn, effectiveOn: event.data.effectiveOn } };
    case 'LeaseEnded':
      return { ...state, status: 'ended', ended: { endedOn: event.data.endedOn, reason: event.data.reason, evictionEnforcedOn: event.data.evictionEnforcedOn, transferLeaseId: event.data.transferLeaseId ?? null } };
  }
}

export const leaseDecider: Decider<LeaseCommand, LeaseEvent, LeaseState> = { decide, evolve, initialState };
