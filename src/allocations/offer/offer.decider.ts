import type { Decider } from '../../shared-kernel/decider.js';
import { requireLegalBasis, requireReasons } from '../../applications/enkeltvedtak.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { requireCalendarDate, requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import { requireId, requireInteger, requireText } from '../../portfolio/dwelling/field-rules.js';
import {
  assessConcentration,
  exceededScopes,
  validateConcentrationCapPolicy,
  validateConcentrationCounts,
} from '../concentration-cap.js';
import { addDays } from '../../applications/calendar-arithmetic.js';
import { assessFit, validateDwellingFitRules } from '../dwelling-fit.js';
import type { AcceptOffer, DeclineOffer, ExpireOffer, OfferCommand, OfferDwelling } from './offer.commands.js';
import {
  answerDeadlineNotPassed,
  answerDeadlinePassed,
  applicationNotApproved,
  ConcentrationCapExceededError,
  DwellingDoesNotFitError,
  dwellingNotAvailable,
  meetingNotOpen,
  offerClosed,
  offerExists,
  offerNotFound,
} from './offer.errors.js';
import type { OfferEvent } from './offer.events.js';
import { initialState, type Offer, type OfferState } from './offer.state.js';

/**
 * The Offer aggregate: one offer of one dwelling to one household, decided by the allocation
 * committee (tildelingsutvalg) in a meeting, then accepted, declined or expired.
 *
 * Why an Offer, and not the Meeting, decides: the offer is what has a lifecycle and rules of its
 * own (made → accepted / declined / expired), and it lives on after the meeting is closed, until the
 * household answers. A meeting stream holding every offer would grow with every answer and make
 * unrelated offers wait for each other. The meeting (committee-meeting/) keeps the minutes: date,
 * members and the list of decisions, each pointing to its offer.
 *
 * What no single stream can guarantee, the handler takes care of: it reads the dwelling, the
 * application, the meeting and the concentration counts, decides here, then reserves the dwelling
 * in the Dwelling stream with its expected revision (so two offers of one dwelling cannot both
 * succeed) and marks the application offered. The checks here make the refusal clear and record
 * why; the reservation makes it safe.
 */
export function decide(command: OfferCommand, state: OfferState): OfferEvent[] {
  if (command.type === 'OfferDwelling') return offerDwelling(command, state);
  if (state.status === 'none') throw offerNotFound(command.offerId);
  switch (command.type) {
    case 'AcceptOffer':
      return acceptOffer(command, state);
    case 'DeclineOffer':
      return declineOffer(command, state);
    case 'ExpireOffer':
      return expireOffer(command, state);
  }
}

/**
 * Checked in this order, so the first refusal is the most basic one: fields and dates (the offer
 * not before the meeting, the approval, the start of a renewed approval or the household's last
 * return to the list; the meeting not before the approval either: the committee decides for a
 * household already on the list); the meeting
 * is open; the dwelling is available; the application is approved and on the list; the dwelling
 * fits the household's needs; the concentration cap holds, or the committee overrides it with a
 * justification.
 */
function offerDwelling(c: OfferDwelling, state: OfferState): OfferEvent[] {
  if (state.status !== 'none') throw offerExists(state);
  const offerId = requireId(c.offerId, 'offerId');
  const actor = requireId(c.actor, 'actor');
  const legalBasis = requireLegalBasis(c.legalBasis);
  const reasons = requireReasons(c.reasons);
  const meeting = c.meeting;
  const meetingId = requireId(meeting?.meetingId, 'meeting.meetingId');
  const decidedOn = requireCalendarDate(meeting?.heldOn, 'meeting.heldOn');
  const offeredOn = requireNotBefore(requireCalendarDate(c.offeredOn, 'offeredOn'), 'offeredOn', decidedOn, 'the committee meeting');
  requireNotBeforeApplicationSteps(offeredOn, decidedOn, c.application);
  const answerBy = requireCalendarDate(c.answerBy, 'answerBy');
  if (answerBy <= offeredOn) throw new ValidationError('answerBy', `must be after the day of the offer (${offeredOn})`, 'DATE_OUT_OF_ORDER');
  const applicationId = requireId(c.application?.applicationId, 'application.applicationId');
  const dwellingId = requireId(c.dwelling?.dwellingId, 'dwelling.dwellingId');
  const listPosition = validateListPosition(c.listPosition);
  const fitRules = validateDwellingFitRules(c.policy?.fit);
  const capPolicy = validateConcentrationCapPolicy(c.policy?.concentration);
  const justification = overrideJustification(c.concentrationOverride);

  if (meeting.status !== 'open') throw meetingNotOpen(meeting);
  if (c.dwelling.status !== 'available') throw dwellingNotAvailable(c.dwelling);
  if (c.application.status !== 'approved') throw applicationNotApproved(c.application);
  const fit = assessFit(c.application, c.dwelling, fitRules);
  if (fit.misfits.length > 0) throw new DwellingDoesNotFitError(fit.misfits, dwellingId, applicationId);

  const counts = validateConcentrationCounts(c.concentration, c.dwelling.buildingKey, c.dwelling.district);
  const concentration = assessConcentration(c.application.categories, counts, capPolicy);
  const exceeded = exceededScopes(concentration);
  if (exceeded.length > 0 && justification === null) throw new ConcentrationCapExceededError(exceeded, dwellingId);
  const concentrationOverride = exceeded.length > 0 && justification !== null ? { justification, exceeded: exceeded.map((s) => s.scope) } : null;

  return [
    {
      type: 'DwellingOffered',
      data: {
        offerId,
        applicationId,
        dwellingId,
        meetingId,
        decidedOn,
        offeredOn,
        answerBy,
        legalBasis,
        reasons,
        listPosition,
        fit: { requiredBedrooms: fit.requiredBedrooms, dwellingBedrooms: fit.dwellingBedrooms, inPreferredDistrict: fit.inPreferredDistrict },
        concentration,
        concentrationOverride,
        actor,
      },
    },
  ];
}

/**
 * The offer's dates against the application's, when the snapshot carries them: offeredOn first (the
 * command's own date), then the meeting's. The application's decider checks the offer the same way
 * (MarkOffered); checked here too so that a refusal comes before the handler writes anything.
 */
function requireNotBeforeApplicationSteps(offeredOn: string, heldOn: string, application: OfferDwelling['application'] | undefined): void {
  const approval = approvalStart(application);
  if (approval) requireNotBefore(offeredOn, 'offeredOn', approval.on, approval.what);
  const returnedOn = application?.returnedToListOn;
  if (returnedOn) requireNotBefore(offeredOn, 'offeredOn', returnedOn, "the household's return to the waiting list");
  if (approval) requireNotBefore(heldOn, 'meeting.heldOn', approval.on, approval.what);
}

/** The start of the approval the offer is made under: the approval, or the renewal that started the current validity period. */
function approvalStart(application: OfferDwelling['application'] | undefined): { on: string; what: string } | null {
  const approvedOn = application?.approvedOn ?? null;
  const validFrom = application?.validFrom ?? null;
  if (validFrom && (!approvedOn || validFrom > approvedOn)) return { on: validFrom, what: approvedOn ? 'the renewal of the approval' : 'the approval' };
  return approvedOn ? { on: approvedOn, what: 'the approval' } : null;
}

function validateListPosition(value: OfferDwelling['listPosition'] | undefined): OfferDwelling['listPosition'] {
  if (value === null || value === undefined) return null;
  return {
    position: requireInteger(value.position, 'listPosition.position', 1, 1_000_000),
    reason: requireText(value.reason, 'listPosition.reason'),
  };
}

/** An override is given with a justification, or not at all; a blank justification is no justification. */
function overrideJustification(value: OfferDwelling['concentrationOverride'] | undefined): string | null {
  if (value === null || value === undefined) return null;
  return requireText(value.justification, 'concentrationOverride.justification', 'JUSTIFICATION_REQUIRED');
}

/** The household accepts within the answer period; the leases turn the accepted offer into a lease. */
function acceptOffer(c: AcceptOffer, o: Offer): OfferEvent[] {
  const actor = requireId(c.actor, 'actor');
  const acceptedOn = requireCalendarDate(c.acceptedOn, 'acceptedOn');
  if (o.status !== 'made') throw offerClosed(o);
  requireNotBefore(acceptedOn, 'acceptedOn', o.offeredOn, 'the offer');
  if (acceptedOn > o.answerBy) throw answerDeadlinePassed(o, acceptedOn);
  return [{ type: 'OfferAccepted', data: { offerId: o.offerId, applicationId: o.applicationId, dwellingId: o.dwellingId, acceptedOn, actor } }];
}

/**
 * The household declines, with its reason. A decline that arrives after the deadline is still
 * recorded as a decline, a clearer fact than an expiry, with the same effect: the dwelling is freed.
 */
function declineOffer(c: DeclineOffer, o: Offer): OfferEvent[] {
  const actor = requireId(c.actor, 'actor');
  const declinedOn = requireCalendarDate(c.declinedOn, 'declinedOn');
  const reason = requireText(c.reason, 'reason');
  if (o.status !== 'made') throw offerClosed(o);
  requireNotBefore(declinedOn, 'declinedOn', o.offeredOn, 'the offer');
  return [
    { type: 'OfferDeclined', data: { offerId: o.offerId, applicationId: o.applicationId, dwellingId: o.dwellingId, declinedOn, reason, actor } },
  ];
}

/**
 * Without an answer, the offer expires the day after answerBy (on answerBy the household can still
 * answer). It is dated that day however late the expiry is recorded, so the household's return to
 * the list (and its list date under 'restart-date') does not depend on when the job ran.
 */
function expireOffer(c: ExpireOffer, o: Offer): OfferEvent[] {
  const actor = requireId(c.actor, 'actor');
  const recordedOn = requireCalendarDate(c.recordedOn, 'recordedOn');
  if (o.status !== 'made') throw offerClosed(o);
  if (recordedOn <= o.answerBy) throw answerDeadlineNotPassed(o, recordedOn);
  const expiredOn = addDays(o.answerBy, 1);
  return [
    {
      type: 'OfferExpired',
      data: { offerId: o.offerId, applicationId: o.applicationId, dwellingId: o.dwellingId, answerBy: o.answerBy, expiredOn, recordedOn, actor },
    },
  ];
}

export function evolve(state: OfferState, event: OfferEvent): OfferState {
  if (event.type === 'DwellingOffered') {
    const { offerId, applicationId, dwellingId, meetingId, offeredOn, answerBy } = event.data;
    return { status: 'made', offerId, applicationId, dwellingId, meetingId, offeredOn, answerBy, answeredOn: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OfferAccepted':
      return { ...state, status: 'accepted', answeredOn: event.data.acceptedOn };
    case 'OfferDeclined':
      return { ...state, status: 'declined', answeredOn: event.data.declinedOn };
    case 'OfferExpired':
      return { ...state, status: 'expired', answeredOn: event.data.expiredOn };
  }
}

export const offerDecider: Decider<OfferCommand, OfferEvent, OfferState> = { decide, evolve, initialState };
