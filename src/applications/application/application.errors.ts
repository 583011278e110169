import { DomainError, NotFoundError } from '../../shared-kernel/domain-error.js';
import type { Application } from './application.state.js';

/**
 * Refusals that depend on the application's state (category CONFLICT unless said otherwise). Field
 * faults are ValidationErrors raised where the field is checked. Each sentence says what is in the
 * way and what the caseworker can do. No sentence names a person: applications are named by id.
 */

export const applicationNotFound = (applicationId: string) =>
  new NotFoundError('APPLICATION_NOT_FOUND', `There is no application ${applicationId}. Register the application first.`, 'applicationId');

export const applicationExists = (a: Application) =>
  new DomainError(
    'APPLICATION_EXISTS',
    `Application ${a.applicationId} was already submitted on ${a.submittedOn}. A new application needs a new application id.`,
  );

export const alreadyDecided = (a: Application) =>
  new DomainError(
    'ALREADY_DECIDED',
    `Application ${a.applicationId} was already decided on ${a.decision?.decidedOn} (${a.decision?.outcome}). A decision is changed by an appeal, not by deciding again.`,
  );

export const notRejected = (a: Application) =>
  new DomainError(
    'NOT_REJECTED',
    `Application ${a.applicationId} is ${a.status}, not rejected: only a rejection can be appealed here. An appeal against the terms of an approval is not recorded by this step.`,
  );

export const appealAlreadyReceived = (a: Application) =>
  new DomainError(
    'APPEAL_ALREADY_RECEIVED',
    `An appeal against application ${a.applicationId} was received on ${a.appeal?.receivedOn} and is pending. Add further submissions to that appeal.`,
  );

/** Forvaltningsloven § 28: the decision of an appeal cannot itself be appealed. */
export const appealAlreadyDecided = (a: Application) =>
  new DomainError(
    'APPEAL_ALREADY_DECIDED',
    `The appeal against application ${a.applicationId} was decided on ${a.appeal?.decidedOn} (${a.appeal?.outcome}); that decision cannot be appealed again (forvaltningsloven § 28). The household may submit a new application.`,
  );

export const noPendingAppeal = (a: Application) =>
  new DomainError('NO_PENDING_APPEAL', `Application ${a.applicationId} has no appeal pending (it is ${a.status}). Record the appeal when it is received.`);

/** The application left the process for good (or until renewed): nothing more happens to it. */
export const applicationClosed = (a: Application, action: string) =>
  new DomainError(
    'APPLICATION_CLOSED',
    `Application ${a.applicationId} is ${a.status}${a.closedOn ? ` since ${a.closedOn}` : ''}, which does not allow ${action}.${
      a.status === 'expired' ? ' Renew the approval first.' : ''
    }`,
  );

export const offerPending = (a: Application, action: string) =>
  new DomainError(
    'OFFER_PENDING',
    `Application ${a.applicationId} has offer ${a.offer?.offerId} of dwelling ${a.offer?.dwellingId} out since ${a.offer?.offeredOn}. Record the household's answer to it (or its expiry) before ${action}.`,
  );

export const notApproved = (a: Application, action: string) =>
  new DomainError(
    'NOT_APPROVED',
    `Application ${a.applicationId} is ${a.status}, not approved and on the waiting list, which ${action} needs.`,
  );

export const approvalStillValid = (a: Application, lapsesOn: string, validityMonths: number) =>
  new DomainError(
    'APPROVAL_STILL_VALID',
    `The approval of application ${a.applicationId} is valid for ${validityMonths} months from ${a.validFrom}; it lapses on ${lapsesOn}, and its expiry can be recorded from then on.`,
    'CONFLICT',
    'expiredOn',
  );

/** The approval lapsed by the calendar (its expiry perhaps not yet recorded): it is no longer on the list. */
export const approvalLapsed = (a: Application, lapsesOn: string, validityMonths: number, field: string, what: string) =>
  new DomainError(
    'APPROVAL_LAPSED',
    `The approval of application ${a.applicationId} (valid for ${validityMonths} months from ${a.validFrom}) lapsed on ${lapsesOn}, on or before ${field}; a lapsed approval cannot be ${what}.`,
    'CONFLICT',
    field,
  );

export const nothingToRenew = (a: Application) =>
  new DomainError(
    'NOTHING_TO_RENEW',
    `Application ${a.applicationId} is ${a.status}; only an approval on the list or one that has expired can be renewed.`,
  );

export const notOffered = (a: Application) =>
  new DomainError('NOT_OFFERED', `Application ${a.applicationId} has no offer out (it is ${a.status}); there is no answer to record.`);

export const anotherOffer = (a: Application, offerId: string) =>
  new DomainError(
    'ANOTHER_OFFER',
    `The offer out for application ${a.applicationId} is ${a.offer?.offerId}, not ${offerId}. Check which offer was answered.`,
    'CONFLICT',
    'offerId',
  );

export const offerAlreadyAnswered = (a: Application, offerId: string) =>
  new DomainError(
    'OFFER_ALREADY_ANSWERED',
    `Offer ${offerId} under application ${a.applicationId} was already ${a.offers[offerId]}; an answer cannot be changed afterwards.`,
    'CONFLICT',
    'offerId',
  );
