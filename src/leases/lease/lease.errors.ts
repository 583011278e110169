import { DomainError, NotFoundError, ValidationError } from '../../shared-kernel/domain-error.js';
import type { AbandonedSigning, Lease } from './lease.state.js';

export const leaseNotFound = (leaseId: string) => new NotFoundError('LEASE_NOT_FOUND', `lease ${leaseId} does not exist`, 'leaseId');

export const signingAbandoned = (a: AbandonedSigning) =>
  new DomainError(
    'SIGNING_ABANDONED',
    `the signing of lease ${a.leaseId} was abandoned on ${a.abandonedOn} (${a.reason}); it can never be signed: the household needs a new offer`,
    'CONFLICT',
    'leaseId',
  );

export const leaseAlreadySigned = (l: Lease) =>
  new DomainError(
    'LEASE_ALREADY_SIGNED',
    `lease ${l.leaseId} was signed (dwelling ${l.dwellingId}, from ${l.startDate}): its signing is complete and cannot be abandoned; end the lease instead`,
    'CONFLICT',
    'leaseId',
  );

export const leaseExists = (l: Lease) =>
  new DomainError('LEASE_EXISTS', `lease ${l.leaseId} was already signed with other terms (dwelling ${l.dwellingId}, from ${l.startDate})`, 'CONFLICT', 'leaseId');

export const leaseEnded = (l: Lease) =>
  new DomainError('LEASE_ENDED', `lease ${l.leaseId} ended on ${l.ended?.endedOn} (${l.ended?.reason}); nothing more can be recorded on it`, 'CONFLICT');

export const shortTermNeedsBasis = (months: number, what = 'a short-term lease') =>
  new ValidationError(
    'termLegalBasis',
    `${what} (a term shorter than ${months} months) needs the legal basis for the shorter term (husleieloven § 11-1)`,
    'SHORT_TERM_LEGAL_BASIS_REQUIRED',
  );

export const ordinaryTermTooShort = (months: number, minimumLastDay: string) =>
  new ValidationError(
    'endDate',
    `an ordinary time-limited lease runs at least ${months} months, to ${minimumLastDay} or later (husleieloven § 9-3); a shorter term is contract type SHORT_TERM with its legal basis (§ 11-1)`,
    'ORDINARY_TERM_TOO_SHORT',
  );

export const notShortTerm = (months: number) =>
  new ValidationError('endDate', `a short-term lease runs less than ${months} months (husleieloven § 9-3); a longer term is an ordinary lease`, 'NOT_SHORT_TERM');

export const endDateRequired = () =>
  new ValidationError('endDate', 'a short-term lease must have an end date (husleieloven § 11-1)', 'END_DATE_REQUIRED');

export const depositTooHigh = (max: number) =>
  new ValidationError('security.amount', `a deposit may be at most 6 months' rent (husleieloven § 3-5): at most ${max} NOK`, 'DEPOSIT_TOO_HIGH');

/** A part of the security its kind has no use for (an amount on NONE, a guarantor on a deposit): refused, never dropped. */
export const securityFieldNotAllowed = (field: string, rule: string) =>
  new ValidationError(field, `${rule}; leave it out, or choose the kind of security it belongs to`, 'FIELD_NOT_ALLOWED');

export const indexAdjustmentTooSoon = (earliest: string) =>
  new DomainError(
    'INDEX_ADJUSTMENT_TOO_SOON',
    `an index adjustment takes effect at the earliest a year after the rent was last fixed (lease start or any rent change), and a month after written notice (husleieloven § 4-2): not before ${earliest}`,
    'CONFLICT',
    'effectiveFrom',
  );

export const rentUnchanged = (rent: number) => new ValidationError('newRent', `must differ from the current rent (${rent} NOK)`, 'RENT_UNCHANGED');

export const notTimeLimited = (l: Lease) =>
  new DomainError('LEASE_NOT_TIME_LIMITED', `lease ${l.leaseId} has no end date; only a time-limited lease is renewed`, 'CONFLICT');

export const renewalNotLater = (endDate: string) =>
  new ValidationError('newEndDate', `must be after the current end date (${endDate})`, 'RENEWAL_NOT_LATER');

export const underNotice = (l: Lease) =>
  new DomainError('LEASE_UNDER_NOTICE', `notice was given on lease ${l.leaseId} on ${l.notice?.givenOn} (effective ${l.notice?.effectiveOn})`, 'CONFLICT');

export const landlordNoticeNeedsReason = () =>
  new ValidationError('reason', 'a landlord\'s notice must state its grounds (husleieloven § 9-8)', 'NOTICE_REASON_REQUIRED');

export const evictionDateRequired = () =>
  new ValidationError('evictionEnforcedOn', 'an eviction (fravikelse) records the date it was enforced', 'EVICTION_DATE_REQUIRED');

export const evictionDateOnlyForEviction = () =>
  new ValidationError('evictionEnforcedOn', 'is only recorded when the reason is EVICTION', 'EVICTION_DATE_NOT_ALLOWED');

export const transferLeaseOnlyForTransfer = () =>
  new ValidationError('transferLeaseId', 'is only recorded when the reason is TRANSFERRED', 'TRANSFER_LEASE_NOT_ALLOWED');

/** 'bought-dwelling' records a purchase: the dwelling must have been sold to the tenant first, or it would stay let under an ended lease. */
export const dwellingNotSold = (dwellingId: string, status: string) =>
  new DomainError(
    'DWELLING_NOT_SOLD',
    `dwelling ${dwellingId} is ${status}, not sold: a lease ends with BOUGHT_DWELLING once the tenant's purchase is recorded (completeOwnershipTransition, or the dwelling's sale to the sitting tenant), which end the lease themselves; a tenant who bought elsewhere moved out (MOVED_OUT)`,
    'CONFLICT',
    'reason',
  );
