import { DomainError, NotFoundError } from '../../shared-kernel/domain-error.js';
import type { ApplicationSnapshot } from '../application-snapshot.js';
import { describeBreach, type ConcentrationScope } from '../concentration-cap.js';
import type { Misfit } from '../dwelling-fit.js';
import type { DwellingSnapshot } from '../dwelling-snapshot.js';
import type { MeetingSnapshot } from '../meeting-snapshot.js';
import type { Offer } from './offer.state.js';

/**
 * Refusals of the allocation (category CONFLICT unless said otherwise). No sentence names a person
 * or a household's background category: households are named by application id.
 */

export const offerNotFound = (offerId: string) =>
  new NotFoundError('OFFER_NOT_FOUND', `There is no offer ${offerId}. The committee makes an offer in a meeting first.`, 'offerId');

export const offerExists = (o: Offer) =>
  new DomainError('OFFER_EXISTS', `Offer ${o.offerId} was already made on ${o.offeredOn} (dwelling ${o.dwellingId}, application ${o.applicationId}). A new offer needs a new offer id.`);

export const meetingNotOpen = (m: MeetingSnapshot) =>
  new DomainError(
    'MEETING_NOT_OPEN',
    `The committee meeting ${m.meetingId} of ${m.heldOn} is closed; an offer is decided in an open meeting.`,
    'CONFLICT',
    'meeting',
  );

export const dwellingNotAvailable = (d: DwellingSnapshot) =>
  new DomainError(
    'DWELLING_NOT_AVAILABLE',
    `Dwelling ${d.dwellingId} is ${d.status}, not available; only an available dwelling can be offered.`,
    'CONFLICT',
    'dwelling',
  );

export const applicationNotApproved = (a: ApplicationSnapshot) =>
  new DomainError(
    'APPLICATION_NOT_APPROVED',
    a.status === 'offered'
      ? `Application ${a.applicationId} already has an offer out; record the household's answer to it before offering another dwelling.`
      : `Application ${a.applicationId} is ${a.status === 'none' ? 'not registered' : a.status}; only an approved application on the waiting list can be offered a dwelling.`,
    'CONFLICT',
    'application',
  );

/** The dwelling does not fit the household's needs; `misfits` lists every way, each with its own code. */
export class DwellingDoesNotFitError extends DomainError {
  constructor(
    readonly misfits: Misfit[],
    dwellingId: string,
    applicationId: string,
  ) {
    super(
      'DWELLING_DOES_NOT_FIT',
      `Dwelling ${dwellingId} does not fit the needs of application ${applicationId}: ${misfits.map((m) => m.sentence).join('; ')}.`,
      'CONFLICT',
      'dwelling',
    );
    this.name = 'DwellingDoesNotFitError';
  }
}

/** The allocation would break the concentration cap; `exceeded` has the numbers of each scope broken. */
export class ConcentrationCapExceededError extends DomainError {
  constructor(
    readonly exceeded: ConcentrationScope[],
    dwellingId: string,
  ) {
    super(
      'CONCENTRATION_CAP_EXCEEDED',
      `Offering dwelling ${dwellingId} to this household would break the concentration cap: ${exceeded.map(describeBreach).join('; ')}. If the committee decides to go ahead, record an override with its justification.`,
      'CONFLICT',
      'concentrationOverride',
    );
    this.name = 'ConcentrationCapExceededError';
  }
}

export const offerClosed = (o: Offer) =>
  new DomainError('OFFER_CLOSED', `Offer ${o.offerId} was ${o.status} on ${o.answeredOn}; its answer cannot be changed. The committee can make a new offer.`);

export const answerDeadlinePassed = (o: Offer, on: string) =>
  new DomainError(
    'ANSWER_DEADLINE_PASSED',
    `The household had until ${o.answerBy} to accept offer ${o.offerId}; ${on} is too late. Let the offer expire, or make a new offer.`,
    'CONFLICT',
    'acceptedOn',
  );

export const answerDeadlineNotPassed = (o: Offer, on: string) =>
  new DomainError(
    'ANSWER_DEADLINE_NOT_PASSED',
    `The household has until ${o.answerBy} to answer offer ${o.offerId}; it cannot expire on ${on}, only from the day after.`,
    'CONFLICT',
    'expiredOn',
  );
