import type { Decider } from '../../shared-kernel/decider.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate, requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import { optionalText, requireBoolean, requireId, requireInteger, requireOneOf, requireText } from '../../portfolio/dwelling/field-rules.js';
import { appealDeadline } from '../appeal-deadline.js';
import { APPLICATION_KINDS } from '../application-kind.js';
import { validateBackground } from '../background-category.js';
import { requireLegalBasis, requireReasons } from '../enkeltvedtak.js';
import { addDays, addMonths, daysBetween } from '../calendar-arithmetic.js';
import { validateHousehold } from '../household.js';
import { validateHousingNeeds } from '../housing-needs.js';
import { HOUSING_SITUATIONS } from '../housing-situation.js';
import { LIST_DATE_POLICIES } from '../list-date-policy.js';
import { validatePersonalData, validateSealedPersonalData, type PersonalDataRules } from '../personal-data.js';
import { URGENCIES } from '../urgency.js';
import type {
  ApplicationCommand,
  DecideApplication,
  DecideAppeal,
  ExpireApproval,
  MarkHoused,
  MarkOfferDeclinedOrExpired,
  MarkOffered,
  ReceiveAppeal,
  RenewApproval,
  SubmitApplication,
  WithdrawApplication,
} from './application.commands.js';
import {
  alreadyDecided,
  anotherOffer,
  appealAlreadyDecided,
  appealAlreadyReceived,
  applicationClosed,
  applicationExists,
  applicationNotFound,
  approvalLapsed,
  approvalStillValid,
  noPendingAppeal,
  notApproved,
  nothingToRenew,
  notOffered,
  notRejected,
  offerAlreadyAnswered,
  offerPending,
} from './application.errors.js';
import type { ApplicationEvent } from './application.events.js';
import { initialState, type Application, type ApplicationState } from './application.state.js';

/**
 * The Application aggregate: one household's application (søknad) from submission to housed,
 * withdrawn, expired or finally rejected, with its decisions (enkeltvedtak) and appeal.
 *
 * Each command is checked in the same order: does the application exist, are the command's fields
 * valid, does the status allow it, are the dates in order. Dates and configured policy (validity
 * period, list-date rule) arrive in the command; the decider reads no clock and no configuration.
 *
 * Personal data (names, national ids, contact details) may come with SubmitApplication and is
 * checked here, but no event carries it (see personal-data.ts): the handler stores it apart.
 *
 * The allocation side drives MarkOffered, MarkOfferDeclinedOrExpired and MarkHoused from the
 * offer's events; each recognises a repeat of a step already recorded and records nothing, so the
 * process that delivers them may retry.
 */
export function decide(command: ApplicationCommand, state: ApplicationState): ApplicationEvent[] {
  if (command.type === 'SubmitApplication') return submitApplication(command, state);
  if (state.status === 'none') throw applicationNotFound(command.applicationId);
  const a = state;
  switch (command.type) {
    case 'DecideApplication':
      return decideApplication(command, a);
    case 'ReceiveAppeal':
      return receiveAppeal(command, a);
    case 'DecideAppeal':
      return decideAppeal(command, a);
    case 'WithdrawApplication':
      return withdrawApplication(command, a);
    case 'ExpireApproval':
      return expireApproval(command, a);
    case 'RenewApproval':
      return renewApproval(command, a);
    case 'MarkOffered':
      return markOffered(command, a);
    case 'MarkOfferDeclinedOrExpired':
      return markOfferDeclinedOrExpired(command, a);
    case 'MarkHoused':
      return markHoused(command, a);
  }
}

/**
 * Records the facts statistics and allocation need. A 'swap' or 'extension' comes from a current
 * tenant and names the lease; a 'new' application has none. The event is built field by field, so
 * nothing of the personal-data part can slip into it.
 */
function submitApplication(c: SubmitApplication, state: ApplicationState): ApplicationEvent[] {
  if (state.status !== 'none') throw applicationExists(state);
  const applicationId = requireId(c.applicationId, 'applicationId');
  const actor = requireId(c.actor, 'actor');
  const kind = requireOneOf(c.kind, 'kind', APPLICATION_KINDS);
  const currentLeaseId = requireCurrentLease(c.currentLeaseId, kind === 'new');
  const submittedOn = requireCalendarDate(c.submittedOn, 'submittedOn');
  const household = validateHousehold(c.household);
  const housingSituation = requireOneOf(c.housingSituation, 'housingSituation', HOUSING_SITUATIONS);
  const { categories, refugeeArrivalDate } = validateBackground(c.categories, c.refugeeArrivalDate);
  const needs = validateHousingNeeds(c.needs);
  const urgency = requireOneOf(c.urgency, 'urgency', URGENCIES);
  if (c.personalData !== null && c.personalData !== undefined) {
    validatePersonalData(c.personalData, household, submittedOn, personalDataRules(c.personalDataRules));
  }
  const personalData =
    c.sealedPersonalData === null || c.sealedPersonalData === undefined ? [] : validateSealedPersonalData(c.sealedPersonalData, household);
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId,
        kind,
        currentLeaseId,
        submittedOn,
        household,
        housingSituation,
        categories,
        refugeeArrivalDate,
        needs,
        urgency,
        personalData,
        actor,
      },
    },
  ];
}

function requireCurrentLease(value: unknown, isNew: boolean): string | null {
  const given = value !== null && value !== undefined;
  if (isNew && given) {
    throw new ValidationError('currentLeaseId', "is only for a 'swap' or 'extension' from a current tenant; leave it empty for a new application", 'FIELD_NOT_ALLOWED');
  }
  if (!isNew && !given) {
    throw new ValidationError('currentLeaseId', "is required for a 'swap' or 'extension': name the tenant's current lease", 'FIELD_REQUIRED');
  }
  return isNew ? null : requireId(value, 'currentLeaseId');
}

/** Synthetic test national ids are refused unless the configuration passed in accepts them. */
function personalDataRules(rules: PersonalDataRules | null | undefined): PersonalDataRules {
  if (rules === null || rules === undefined) return { acceptSyntheticNationalIds: false };
  return { acceptSyntheticNationalIds: requireBoolean(rules.acceptSyntheticNationalIds, 'personalDataRules.acceptSyntheticNationalIds') };
}

/**
 * The first-instance decision, an enkeltvedtak: reasons are required (§ 24) and cite the legal
 * basis (§ 25); the appeal period of 3 weeks runs from the notification (§ 29), which cannot come
 * before the decision. An approval puts the household on the waiting list from the decision date.
 */
function decideApplication(c: DecideApplication, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const outcome = requireOneOf(c.outcome, 'outcome', ['approved', 'rejected'] as const);
  const legalBasis = requireLegalBasis(c.legalBasis);
  const reasons = requireReasons(c.reasons);
  const decidedOn = requireCalendarDate(c.decidedOn, 'decidedOn');
  const notifiedOn = requireCalendarDate(c.notifiedOn, 'notifiedOn');
  const validityMonths = outcome === 'approved' ? requireInteger(c.validityMonths, 'validityMonths', 1, 120) : null;
  if (a.status === 'withdrawn') throw applicationClosed(a, 'deciding it');
  if (a.status !== 'submitted') throw alreadyDecided(a);
  requireNotBefore(decidedOn, 'decidedOn', a.submittedOn, 'the application (submitted)');
  requireNotBefore(notifiedOn, 'notifiedOn', decidedOn, 'the decision');
  return [
    {
      type: 'ApplicationDecided',
      data: {
        applicationId: a.applicationId,
        outcome,
        legalBasis,
        reasons,
        decidedOn,
        notifiedOn,
        appealDeadline: appealDeadline(notifiedOn),
        ...(validityMonths === null ? {} : { validityMonths }),
        actor,
      },
    },
  ];
}

/**
 * An appeal is recorded whenever it arrives: one received after the deadline is recorded with
 * lodgedInTime false (the appeals body may still consider it, forvaltningsloven § 31). Only a
 * rejection is appealed here, once: the decision of an appeal cannot be appealed (§ 28).
 */
function receiveAppeal(c: ReceiveAppeal, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const receivedOn = requireCalendarDate(c.receivedOn, 'receivedOn');
  if (a.status === 'appealed') throw appealAlreadyReceived(a);
  if (a.appeal?.decidedOn) throw appealAlreadyDecided(a);
  if (a.status !== 'rejected' || !a.decision) throw notRejected(a);
  requireNotBefore(receivedOn, 'receivedOn', a.decision.decidedOn, 'the decision appealed');
  const deadline = a.decision.appealDeadline;
  return [
    {
      type: 'AppealReceived',
      data: { applicationId: a.applicationId, receivedOn, appealDeadline: deadline, lodgedInTime: receivedOn <= deadline, actor },
    },
  ];
}

/**
 * The appeal decision is an enkeltvedtak too: reasons and legal basis required, notified no earlier
 * than decided. A reversal approves the application from the appeal decision's date.
 */
function decideAppeal(c: DecideAppeal, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const outcome = requireOneOf(c.outcome, 'outcome', ['upheld', 'reversed'] as const);
  const legalBasis = requireLegalBasis(c.legalBasis);
  const reasons = requireReasons(c.reasons);
  const decidedOn = requireCalendarDate(c.decidedOn, 'decidedOn');
  const notifiedOn = requireCalendarDate(c.notifiedOn, 'notifiedOn');
  const validityMonths = outcome === 'reversed' ? requireInteger(c.validityMonths, 'validityMonths', 1, 120) : null;
  if (a.status !== 'appealed' || !a.appeal) throw noPendingAppeal(a);
  requireNotBefore(decidedOn, 'decidedOn', a.appeal.receivedOn, 'the appeal (received)');
  requireNotBefore(notifiedOn, 'notifiedOn', decidedOn, 'the appeal decision');
  return [
    {
      type: 'AppealDecided',
      data: {
        applicationId: a.applicationId,
        outcome,
        legalBasis,
        reasons,
        decidedOn,
        notifiedOn,
        approvedOn: outcome === 'reversed' ? decidedOn : null,
        ...(validityMonths === null ? {} : { validityMonths }),
        actor,
      },
    },
  ];
}

/**
 * The household withdraws while the application is pending, on the list or under appeal; not
 * dated before the application's latest step (its approval, a return to the list, …).
 */
function withdrawApplication(c: WithdrawApplication, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const withdrawnOn = requireCalendarDate(c.withdrawnOn, 'withdrawnOn');
  const reason = optionalText(c.reason, 'reason');
  const validityMonths = requireInteger(c.validityMonths, 'validityMonths', 1, 120);
  if (a.status === 'offered') throw offerPending(a, 'withdrawing the application');
  if (a.status !== 'submitted' && a.status !== 'approved' && a.status !== 'appealed') throw applicationClosed(a, 'withdrawing it');
  requireNotBefore(withdrawnOn, 'withdrawnOn', a.lastStep.on, describeStep(a.lastStep.type));
  const lapsesOn = approvalLapsesOn(a, validityMonths);
  if (lapsesOn !== null && withdrawnOn >= lapsesOn) throw approvalLapsed(a, lapsesOn, validityOf(a, validityMonths), 'withdrawnOn', 'withdrawn; record its expiry instead');
  return [{ type: 'ApplicationWithdrawn', data: { applicationId: a.applicationId, withdrawnOn, reason, actor } }];
}

/**
 * The length of the approval's validity period: as granted, or, for an approval granted before the
 * period was recorded with it, the policy's (`policyMonths`, the configuration in force).
 */
export function validityOf(a: ApplicationState, policyMonths: number): number {
  return a.status !== 'none' && a.validityMonths !== null ? a.validityMonths : policyMonths;
}

/**
 * The day an approval on the list lapses by the calendar, whether or not its expiry has been
 * recorded: validFrom + its validity period (validityOf; 31 January + 1 month: 28 February). It does not lapse while
 * an offer is out, nor on the day the household returns from one (a renewal is refused while the
 * offer is out, so that day is its chance to renew): back after the end of its validity, it lapses
 * the day after, or the day after the return was recorded when that was later. Null when the application is not an approval on the list.
 */
export function approvalLapsesOn(a: ApplicationState, policyMonths: number): string | null {
  if (a.status !== 'approved' || !a.validFrom) return null;
  // A return recorded late counts from the day it was recorded: the household could not renew before.
  const latest = a.returnRecordedOn !== null && a.returnRecordedOn > a.lastStep.on ? a.returnRecordedOn : a.lastStep.on;
  return lapseDay(a.validFrom, latest, validityOf(a, policyMonths));
}

/** The rule of approvalLapsesOn on its dates: the start of the validity and the day of the latest step. */
function lapseDay(validFrom: string, latestStepOn: string, validityMonths: number): string {
  const validUntil = addMonths(validFrom, validityMonths);
  const afterLatestStep = addDays(latestStepOn, 1);
  return afterLatestStep > validUntil ? afterLatestStep : validUntil;
}

/**
 * Records the expiry of an approval that has lapsed. The event is dated the day it lapsed, not the
 * day a job noticed: a household is off the list (and out of the year's KOSTRA count) from then,
 * however late the job ran.
 */
function expireApproval(c: ExpireApproval, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const recordedOn = requireCalendarDate(c.recordedOn, 'recordedOn');
  const validityMonths = requireInteger(c.validityMonths, 'validityMonths', 1, 120);
  if (a.status === 'offered') throw offerPending(a, 'letting the approval expire');
  if (a.status !== 'approved' || !a.validFrom) throw notApproved(a, 'letting an approval expire');
  const expiredOn = approvalLapsesOn(a, validityMonths)!;
  if (recordedOn < expiredOn) throw approvalStillValid(a, expiredOn, validityOf(a, validityMonths));
  return [expiry(a, expiredOn, recordedOn, validityOf(a, validityMonths), actor)];
}

function expiry(a: Application, expiredOn: string, recordedOn: string, validityMonths: number, actor: string): ApplicationEvent {
  const validFrom = a.validFrom!;
  return {
    type: 'ApprovalExpired',
    data: { applicationId: a.applicationId, expiredOn, recordedOn, validityMonths, validFrom, validUntil: addMonths(validFrom, validityMonths), actor },
  };
}

/**
 * A renewal starts a new validity period. Before the approval lapses the household keeps its list
 * date. An approval that has lapsed is revived and goes back on the list by the configured rule:
 * lapsed by the calendar with its expiry not yet recorded, the expiry is recorded first, dated the
 * day it lapsed, so the history does not depend on when the expiry job ran.
 */
function renewApproval(c: RenewApproval, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const renewedOn = requireCalendarDate(c.renewedOn, 'renewedOn');
  const reasons = requireReasons(c.reasons);
  const listDatePolicy = requireOneOf(c.listDatePolicy, 'listDatePolicy', LIST_DATE_POLICIES);
  const validityMonths = requireInteger(c.validityMonths, 'validityMonths', 1, 120);
  if (a.status === 'offered') throw offerPending(a, 'renewing the approval');
  if ((a.status !== 'approved' && a.status !== 'expired') || !a.validFrom || !a.waitingSince) throw nothingToRenew(a);
  if (a.status === 'expired') requireNotBefore(renewedOn, 'renewedOn', a.closedOn ?? a.validFrom, 'the expiry of the approval');
  else requireNotBefore(renewedOn, 'renewedOn', a.validFrom, 'the start of the current approval');
  requireNotBefore(renewedOn, 'renewedOn', a.lastStep.on, describeStep(a.lastStep.type));
  const lapsesOn = approvalLapsesOn(a, validityMonths);
  const lapsed = lapsesOn !== null && renewedOn >= lapsesOn ? [expiry(a, lapsesOn, renewedOn, validityOf(a, validityMonths), actor)] : [];
  const wasExpired = a.status === 'expired' || lapsed.length > 0;
  const waitingSince = wasExpired && listDatePolicy === 'restart-date' ? renewedOn : a.waitingSince;
  return [
    ...lapsed,
    {
      type: 'ApprovalRenewed',
      data: { applicationId: a.applicationId, renewedOn, reasons, wasExpired, listDatePolicy, waitingSince, validityMonths, actor },
    },
  ];
}

/**
 * An approved household on the list has been offered a dwelling: it is off the list until it
 * answers. The offer is dated on or after the approval and the household's latest step since
 * (a renewal of the approval, its return to the list after an earlier offer).
 */
function markOffered(c: MarkOffered, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const offerId = requireId(c.offerId, 'offerId');
  const dwellingId = requireId(c.dwellingId, 'dwellingId');
  const offeredOn = requireCalendarDate(c.offeredOn, 'offeredOn');
  if (a.offers[offerId] !== undefined) return []; // already recorded
  if (a.status === 'offered') throw offerPending(a, 'recording another offer');
  const validityMonths = requireInteger(c.validityMonths, 'validityMonths', 1, 120);
  if (a.status !== 'approved' || !a.approvedOn) throw notApproved(a, 'an offer of a dwelling');
  requireNotBefore(offeredOn, 'offeredOn', a.approvedOn, 'the approval');
  requireNotBefore(offeredOn, 'offeredOn', a.lastStep.on, describeStep(a.lastStep.type));
  const lapsesOn = approvalLapsesOn(a, validityMonths);
  if (lapsesOn !== null && offeredOn >= lapsesOn) throw approvalLapsed(a, lapsesOn, validityOf(a, validityMonths), 'offeredOn', 'offered a dwelling; renew it first');
  return [{ type: 'ApplicationOffered', data: { applicationId: a.applicationId, offerId, dwellingId, offeredOn, actor } }];
}

/**
 * A declined or expired offer returns the household to the list; its list date follows the
 * configured rule. A household declining states its reason. So does an accepted offer whose lease
 * signing was abandoned before the lease was recorded ('signing-abandoned', with the reason given).
 */
function markOfferDeclinedOrExpired(c: MarkOfferDeclinedOrExpired, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const offerId = requireId(c.offerId, 'offerId');
  const offerOutcome = requireOneOf(c.offerOutcome, 'offerOutcome', ['declined', 'expired', 'signing-abandoned'] as const);
  const returnedOn = requireCalendarDate(c.returnedOn, 'returnedOn');
  const reason = offerOutcome !== 'expired' ? requireText(c.reason, 'reason') : optionalText(c.reason, 'reason');
  const listDatePolicy = requireOneOf(c.listDatePolicy, 'listDatePolicy', LIST_DATE_POLICIES);
  const answered = a.offers[offerId];
  if (answered === offerOutcome) return []; // already recorded
  if (answered !== undefined && answered !== 'out') throw offerAlreadyAnswered(a, offerId);
  const offer = currentOffer(a, offerId);
  requireNotBefore(returnedOn, 'returnedOn', offer.offeredOn, 'the offer');
  const recordedOn = c.recordedOn === undefined || c.recordedOn === null ? null : requireCalendarDate(c.recordedOn, 'recordedOn');
  const waitingSince = listDatePolicy === 'restart-date' ? returnedOn : (a.waitingSince ?? returnedOn);
  return [
    {
      type: 'ReturnedToWaitingList',
      data: {
        applicationId: a.applicationId,
        offerId,
        dwellingId: offer.dwellingId,
        offerOutcome,
        returnedOn,
        ...(recordedOn !== null && recordedOn > returnedOn ? { recordedOn } : {}),
        reason,
        listDatePolicy,
        waitingSince,
        actor,
      },
    },
  ];
}

/** The household accepted: housed. Records the waiting time from approval to acceptance, for statistics. */
function markHoused(c: MarkHoused, a: Application): ApplicationEvent[] {
  const actor = requireId(c.actor, 'actor');
  const offerId = requireId(c.offerId, 'offerId');
  const acceptedOn = requireCalendarDate(c.acceptedOn, 'acceptedOn');
  const answered = a.offers[offerId];
  if (answered === 'accepted') return []; // already recorded
  if (answered !== undefined && answered !== 'out') throw offerAlreadyAnswered(a, offerId);
  const offer = currentOffer(a, offerId);
  requireNotBefore(acceptedOn, 'acceptedOn', offer.offeredOn, 'the offer');
  const approvedOn = a.approvedOn ?? offer.offeredOn; // an offer is only recorded on an approved application
  return [
    {
      type: 'ApplicantHoused',
      data: {
        applicationId: a.applicationId,
        offerId,
        dwellingId: offer.dwellingId,
        approvedOn,
        acceptedOn,
        waitingDays: daysBetween(approvedOn, acceptedOn),
        actor,
      },
    },
  ];
}

/** A step of the application in a caseworker's words, for a date refused as before it. */
function describeStep(type: ApplicationEvent['type']): string {
  switch (type) {
    case 'ApplicationSubmitted':
      return 'the application (submitted)';
    case 'ApplicationDecided':
      return 'the decision';
    case 'AppealReceived':
      return 'the appeal (received)';
    case 'AppealDecided':
      return 'the appeal decision';
    case 'ApplicationWithdrawn':
      return 'the withdrawal';
    case 'ApprovalExpired':
      return 'the expiry of the approval';
    case 'ApprovalRenewed':
      return 'the renewal of the approval';
    case 'ApplicationOffered':
      return 'the offer';
    case 'ReturnedToWaitingList':
      return 'the return to the waiting list';
    case 'ApplicantHoused':
      return 'the acceptance of the offer';
  }
}

function currentOffer(a: Application, offerId: string): NonNullable<Application['offer']> {
  if (a.status !== 'offered' || !a.offer) throw notOffered(a);
  if (a.offer.offerId !== offerId) throw anotherOffer(a, offerId);
  return a.offer;
}

export function evolve(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  if (event.type === 'ApplicationSubmitted') {
    const { actor: _actor, personalData, ...facts } = event.data;
    return {
      status: 'submitted',
      ...facts,
      personalData: personalData ?? [],
      decision: null,
      appeal: null,
      approvedOn: null,
      validFrom: null,
      validityMonths: null,
      waitingSince: null,
      offer: null,
      offers: {},
      offersDeclined: 0,
      offersExpired: 0,
      closedOn: null,
      returnedToListOn: null,
      returnRecordedOn: null,
      lastStep: { type: event.type, on: event.data.submittedOn },
    };
  }
  // Any other event belongs to an application already in the stream.
  if (state.status === 'none') return state;
  const a = { ...state, lastStep: latestStep(state.lastStep, event) };
  switch (event.type) {
    case 'ApplicationDecided': {
      const { outcome, decidedOn, notifiedOn, appealDeadline } = event.data;
      const decision = { outcome, decidedOn, notifiedOn, appealDeadline };
      return outcome === 'approved'
        ? { ...a, status: 'approved', decision, approvedOn: decidedOn, validFrom: decidedOn, validityMonths: event.data.validityMonths ?? null, waitingSince: decidedOn }
        : { ...a, status: 'rejected', decision };
    }
    case 'AppealReceived':
      return { ...a, status: 'appealed', appeal: { receivedOn: event.data.receivedOn, lodgedInTime: event.data.lodgedInTime, outcome: null, decidedOn: null } };
    case 'AppealDecided': {
      const { outcome, decidedOn, approvedOn } = event.data;
      const appeal = a.appeal ? { ...a.appeal, outcome, decidedOn } : null;
      return approvedOn
        ? { ...a, status: 'approved', appeal, approvedOn, validFrom: approvedOn, validityMonths: event.data.validityMonths ?? null, waitingSince: approvedOn }
        : { ...a, status: 'rejected', appeal };
    }
    case 'ApplicationWithdrawn':
      return { ...a, status: 'withdrawn', closedOn: event.data.withdrawnOn };
    case 'ApprovalExpired':
      return { ...a, status: 'expired', closedOn: event.data.expiredOn };
    case 'ApprovalRenewed':
      return { ...a, status: 'approved', validFrom: event.data.renewedOn, validityMonths: event.data.validityMonths ?? null, waitingSince: event.data.waitingSince, closedOn: null };
    case 'ApplicationOffered': {
      const { offerId, dwellingId, offeredOn } = event.data;
      return { ...a, status: 'offered', offer: { offerId, dwellingId, offeredOn }, offers: { ...a.offers, [offerId]: 'out' } };
    }
    case 'ReturnedToWaitingList': {
      const { offerId, offerOutcome, waitingSince } = event.data;
      return {
        ...a,
        status: 'approved',
        offer: null,
        offers: { ...a.offers, [offerId]: offerOutcome },
        returnedToListOn: event.data.returnedOn,
        returnRecordedOn: event.data.recordedOn ?? event.data.returnedOn,
        waitingSince,
        offersDeclined: a.offersDeclined + (offerOutcome === 'declined' ? 1 : 0),
        offersExpired: a.offersExpired + (offerOutcome === 'expired' ? 1 : 0),
      };
    }
    case 'ApplicantHoused':
      return {
        ...a,
        status: 'housed',
        offer: null,
        offers: { ...a.offers, [event.data.offerId]: 'accepted' },
        closedOn: event.data.acceptedOn,
      };
  }
}

/** The step with the later day: an event dated before the latest step (recorded before these rules) leaves it as it was. */
function latestStep(current: Application['lastStep'], event: Exclude<ApplicationEvent, { type: 'ApplicationSubmitted' }>): Application['lastStep'] {
  const on = stepDate(event);
  return on >= current.on ? { type: event.type, on } : current;
}

function stepDate(event: Exclude<ApplicationEvent, { type: 'ApplicationSubmitted' }>): string {
  switch (event.type) {
    case 'ApplicationDecided':
    case 'AppealDecided':
      return event.data.decidedOn;
    case 'AppealReceived':
      return event.data.receivedOn;
    case 'ApplicationWithdrawn':
      return event.data.withdrawnOn;
    case 'ApprovalExpired':
      return event.data.expiredOn;
    case 'ApprovalRenewed':
      return event.data.renewedOn;
    case 'ApplicationOffered':
      return event.data.offeredOn;
    case 'ReturnedToWaitingList':
      return event.data.returnedOn;
    case 'ApplicantHoused':
      return event.data.acceptedOn;
  }
}

export const applicationDecider: Decider<ApplicationCommand, ApplicationEvent, ApplicationState> = { decide, evolve, initialState };
