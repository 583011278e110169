import type { Decider } from '../../shared-kernel/decider.js';
import { DomainError, ValidationError } from '../../shared-kernel/domain-error.js';
import { validateAcquisition, type Acquisition } from './acquisition.js';
import { requireCalendarDate, requireNotBefore } from './calendar-date.js';
import { optionalChangeSource, type ChangeSource } from './change-source.js';
import { CONDITION_GRADES } from './condition-grade.js';
import { BUYERS, DISPOSAL_REASONS } from './disposal.js';
import { DESCRIPTION_FIELDS, validateDwellingDescription, type DwellingDescription } from './dwelling-description.js';
import type {
  AcquireDwelling,
  CancelDisposal,
  CompleteRenovation,
  DwellingCommand,
  EndLeaseIn,
  MarkForDisposal,
  MarkLet,
  MarkVacated,
  RecordConditionAssessment,
  RecordRentalHousingGrant,
  RegisterDwelling,
  ReleaseReservation,
  ReserveDwelling,
  SellDwelling,
  StartRenovation,
  UpdateDwellingDetails,
} from './dwelling.commands.js';
import {
  blockedByStatus,
  companyReferenceMismatch,
  dwellingExists,
  dwellingHasLeft,
  dwellingNotFound,
  grantOutstanding,
  grantOutstandingAtLeaseInEnd,
  grantForbidsLeaseIn,
  leasedIn,
  letUnderAnotherLease,
  noSittingTenant,
  notLeasedIn,
  notLet,
  notMarkedForDisposal,
  notReserved,
  notUnderRenovation,
  ownershipConflictsWithAcquisition,
  repaymentOverrideNeedsJustification,
  reservedForAnotherApplication,
  staleVersion,
} from './dwelling.errors.js';
import type { DwellingEvent } from './dwelling.events.js';
import { initialState, type Dwelling, type DwellingState } from './dwelling.state.js';
import { optionalId, optionalText, requireId, requireKroner, requireOneOf, requireText } from './field-rules.js';
import { validateGrantSettlementInput, type GrantSettlement, type GrantSettlementInput } from './grant-settlement.js';
import { totalOutstandingGrant } from './grant-write-down.js';
import { validateRentalHousingGrant } from './rental-housing-grant.js';

/**
 * The Dwelling aggregate: one dwelling's life in the municipality's portfolio.
 *
 * Each command is checked in the same order: does the dwelling exist (and is it still in the
 * portfolio), may a change from the property company be applied (its `source`), are the command's
 * fields valid, and does the dwelling's status allow it.
 * Dates arrive in commands; the decider never reads a clock. Dates are compared only within one
 * episode (a reservation, a tenancy, a renovation, a disposal), because an opening-balance import
 * legitimately records a lease that started years before the dwelling was registered. Two rules
 * reach beyond an episode: a registration or acquisition is not dated after the day it is recorded
 * (`recordedOn`, given by the handler), and a dwelling is not reserved for an offer before the day
 * it entered the register.
 *
 * Every event of a command from the property company carries the command's `source`; events of
 * other commands have no `source` (see dwelling.events.ts).
 */
export function decide(command: DwellingCommand, state: DwellingState): DwellingEvent[] {
  // An exact retry of the change last applied records nothing: the caller reports it as a duplicate.
  // Recognised before anything else, so retrying the registration or the sale is a duplicate too,
  // not DWELLING_EXISTS or DWELLING_SOLD. A retry of an earlier version is refused here (the state
  // keeps only the last version); the caller tells it from its events with isResendOfApplied.
  if (command.source && isDuplicateOfApplied(state, command.source)) return [];
  if (command.type === 'RegisterDwelling' || command.type === 'AcquireDwelling') {
    mustBeNew(state);
    const source = optionalChangeSource(command.source); // links the new dwelling to the property company's record
    return withSource(command.type === 'RegisterDwelling' ? registerDwelling(command) : acquireDwelling(command), source);
  }
  const dwelling = inPortfolio(state, command.dwellingId);
  const source = optionalChangeSource(command.source);
  if (source) mustBeApplicable(dwelling, source);
  return withSource(decideOnDwelling(command, dwelling, source), source);
}

function decideOnDwelling(
  command: Exclude<DwellingCommand, RegisterDwelling | AcquireDwelling>,
  dwelling: Dwelling,
  source: ChangeSource | null,
): DwellingEvent[] {
  switch (command.type) {
    case 'RecordRentalHousingGrant':
      return recordRentalHousingGrant(command, dwelling);
    case 'RecordConditionAssessment':
      return recordConditionAssessment(command, dwelling);
    case 'StartRenovation':
      return startRenovation(command, dwelling);
    case 'CompleteRenovation':
      return completeRenovation(command, dwelling);
    case 'ReserveDwelling':
      return reserveDwelling(command, dwelling);
    case 'ReleaseReservation':
      return releaseReservation(command, dwelling);
    case 'MarkLet':
      return markLet(command, dwelling);
    case 'MarkVacated':
      return markVacated(command, dwelling);
    case 'MarkForDisposal':
      return markForDisposal(command, dwelling);
    case 'CancelDisposal':
      return cancelDisposal(command, dwelling);
    case 'SellDwelling':
      return sellDwelling(command, dwelling);
    case 'EndLeaseIn':
      return endLeaseIn(command, dwelling);
    case 'UpdateDwellingDetails':
      return updateDwellingDetails(command, dwelling, source);
  }
}

/**
 * True when `source` is the property company's version already applied to the dwelling: the same
 * record, the same version. A sync caller can use it to tell a duplicate from a change.
 * Only the last version applied is known from the state; an earlier one is recognised from the
 * dwelling's events (isResendOfApplied).
 */
export function isDuplicateOfApplied(state: DwellingState, source: ChangeSource): boolean {
  return (
    state.status !== 'unregistered' &&
    source.system === 'property-company' &&
    state.companyReference !== null &&
    state.companyReference === source.reference &&
    state.companyVersion === source.version
  );
}

/**
 * True when `command`, a change from the property company, is one already applied to the dwelling
 * whose events are `history`: events were recorded under its reference and version, and deciding
 * the command on the dwelling as it was just before them gives exactly those events. So a change
 * sent again is recognised as a duplicate whatever came after it (later versions, which make
 * decide refuse it as STALE_VERSION, or DWELLING_EXISTS for the registration); a different change
 * sent under a version already applied is not a resend, and decide's refusal stands.
 */
export function isResendOfApplied(history: readonly DwellingEvent[], command: DwellingCommand): boolean {
  const source = command.source;
  if (!source) return false;
  const underSource = (event: DwellingEvent): boolean =>
    event.data.source?.system === source.system &&
    event.data.source.reference === source.reference &&
    event.data.source.version === source.version;
  const first = history.findIndex(underSource);
  if (first === -1) return false;
  const before = history.slice(0, first).reduce(evolve, initialState);
  let decided: DwellingEvent[];
  try {
    decided = decide(command, before);
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
  return sameValue(asStored(decided), asStored(history.filter(underSource)));
}

/** Events as the store gives them back: JSON, where a field that is undefined is no field at all. */
function asStored(events: DwellingEvent[]): unknown {
  return JSON.parse(JSON.stringify(events));
}

/**
 * A change from the property company applies to the dwelling linked to its record (a dwelling not
 * linked yet is linked by it), and only when it is newer than the version already applied: an older
 * version arriving late would undo a newer change. The same version is a retry (see decide).
 */
function mustBeApplicable(d: Dwelling, source: ChangeSource): void {
  if (d.companyReference !== null && d.companyReference !== source.reference) throw companyReferenceMismatch(d, source.reference);
  if (d.companyVersion !== null && source.version < d.companyVersion) throw staleVersion(d, source.reference, source.version);
}

/** Each event carries the source of the change when there is one; without one, the events stay as they are. */
function withSource(events: DwellingEvent[], source: ChangeSource | null): DwellingEvent[] {
  if (!source) return events;
  return events.map((event) => ({ ...event, data: { ...event.data, source } }) as DwellingEvent);
}

/** Registration and acquisition open a new dwelling; a dwelling id is never reused. */
function mustBeNew(state: DwellingState): void {
  if (state.status === 'unregistered') return;
  if (state.status === 'sold' || state.status === 'lease-in-ended') throw dwellingHasLeft(state);
  throw dwellingExists(state);
}

/** Every other command needs a dwelling that is in the portfolio now. */
function inPortfolio(state: DwellingState, dwellingId: string): Dwelling {
  if (state.status === 'unregistered') throw dwellingNotFound(dwellingId);
  if (state.status === 'sold' || state.status === 'lease-in-ended') throw dwellingHasLeft(state);
  return state;
}

function registerDwelling(command: RegisterDwelling): DwellingEvent[] {
  const dwellingId = requireId(command.dwellingId, 'dwellingId');
  const registeredOn = notAfterRecordedOn(requireCalendarDate(command.registeredOn, 'registeredOn'), 'registeredOn', command.recordedOn);
  const description = validateDwellingDescription(command);
  return [{ type: 'DwellingRegistered', data: { ...description, dwellingId, registeredOn } }];
}

function acquireDwelling(command: AcquireDwelling): DwellingEvent[] {
  const dwellingId = requireId(command.dwellingId, 'dwellingId');
  const acquiredOn = notAfterRecordedOn(requireCalendarDate(command.acquiredOn, 'acquiredOn'), 'acquiredOn', command.recordedOn);
  const description = validateDwellingDescription(command);
  const acquisition = validateAcquisition(command.acquisition, description.ownership);
  return [{ type: 'DwellingAcquired', data: { ...description, dwellingId, acquiredOn, acquisition } }];
}

/**
 * A dwelling enters the register on a day that has come: the registration or acquisition may be
 * recorded late, never ahead. `recordedOn` is the day it is recorded (from the handler).
 */
function notAfterRecordedOn(date: string, field: string, recordedOn: string | null | undefined): string {
  if (recordedOn === null || recordedOn === undefined) return date;
  const today = requireCalendarDate(recordedOn, 'recordedOn');
  if (date > today) {
    throw new ValidationError(field, `must not be after the day it is recorded (${today}); record the dwelling once it has entered the portfolio`, 'DATE_OUT_OF_ORDER');
  }
  return date;
}

/** Husbanken gives rental-housing grants to dwellings the municipality owns, not to leased-in ones. */
function recordRentalHousingGrant(command: RecordRentalHousingGrant, d: Dwelling): DwellingEvent[] {
  const grant = validateRentalHousingGrant(command.grant, 'grant');
  if (d.description.ownership === 'leased-in') {
    throw leasedIn(d, "Husbanken's rental-housing grant is for dwellings the municipality owns");
  }
  return [{ type: 'RentalHousingGrantRecorded', data: { dwellingId: d.dwellingId, grant } }];
}

/** An assessment can be recorded whatever the dwelling's status, a let one included. */
function recordConditionAssessment(command: RecordConditionAssessment, d: Dwelling): DwellingEvent[] {
  const data = {
    dwellingId: d.dwellingId,
    grade: requireOneOf(command.grade, 'grade', CONDITION_GRADES),
    buildingPart: requireText(command.buildingPart, 'buildingPart'),
    assessor: requireText(command.assessor, 'assessor'),
    assessedOn: requireCalendarDate(command.assessedOn, 'assessedOn'),
    reportReference: requireText(command.reportReference, 'reportReference'),
  };
  return [{ type: 'ConditionAssessmentRecorded', data }];
}

/** Renovation makes the dwelling unavailable, so it may only start on an available dwelling. */
function startRenovation(command: StartRenovation, d: Dwelling): DwellingEvent[] {
  const startedOn = requireCalendarDate(command.startedOn, 'startedOn');
  const scope = requireText(command.scope, 'scope');
  const expectedCompletionOn =
    command.expectedCompletionOn === null || command.expectedCompletionOn === undefined
      ? null
      : requireNotBefore(
          requireCalendarDate(command.expectedCompletionOn, 'expectedCompletionOn'),
          'expectedCompletionOn',
          startedOn,
          'the start of the renovation',
        );
  if (d.status !== 'available') throw blockedByStatus(d, 'starting a renovation');
  return [{ type: 'RenovationStarted', data: { dwellingId: d.dwellingId, startedOn, scope, expectedCompletionOn } }];
}

function completeRenovation(command: CompleteRenovation, d: Dwelling): DwellingEvent[] {
  const completedOn = requireCalendarDate(command.completedOn, 'completedOn');
  if (d.status !== 'under-renovation' || !d.renovation) throw notUnderRenovation(d);
  requireNotBefore(completedOn, 'completedOn', d.renovation.startedOn, 'the start of the renovation');
  return [{ type: 'RenovationCompleted', data: { dwellingId: d.dwellingId, completedOn } }];
}

/** Only an available dwelling can be offered to an applicant. */
function reserveDwelling(command: ReserveDwelling, d: Dwelling): DwellingEvent[] {
  const applicationId = requireId(command.applicationId, 'applicationId');
  const reservedOn = requireCalendarDate(command.reservedOn, 'reservedOn');
  if (d.status !== 'available') throw blockedByStatus(d, 'reserving it for an applicant');
  // A dwelling cannot be promised to anyone before it is the municipality's to offer.
  requireNotBefore(reservedOn, 'reservedOn', d.enteredPortfolioOn, 'the day the dwelling entered the register');
  return [{ type: 'DwellingReserved', data: { dwellingId: d.dwellingId, applicationId, reservedOn } }];
}

/** Only the application the dwelling is held for can give it up. */
function releaseReservation(command: ReleaseReservation, d: Dwelling): DwellingEvent[] {
  const applicationId = requireId(command.applicationId, 'applicationId');
  const releasedOn = requireCalendarDate(command.releasedOn, 'releasedOn');
  const reason = requireText(command.reason, 'reason');
  if (d.status !== 'reserved' || !d.reservation) throw notReserved(d);
  if (d.reservation.applicationId !== applicationId) throw reservedForAnotherApplication(d, applicationId);
  requireNotBefore(releasedOn, 'releasedOn', d.reservation.reservedOn, 'the reservation');
  return [{ type: 'ReservationReleased', data: { dwellingId: d.dwellingId, applicationId, releasedOn, reason } }];
}

/** A lease may start on an available dwelling, or on a reserved one under the application it is held for. */
function markLet(command: MarkLet, d: Dwelling): DwellingEvent[] {
  const leaseId = requireId(command.leaseId, 'leaseId');
  const applicationId = optionalId(command.applicationId, 'applicationId');
  const letOn = requireCalendarDate(command.letOn, 'letOn');
  if (d.status === 'reserved' && d.reservation) {
    if (d.reservation.applicationId !== applicationId) throw reservedForAnotherApplication(d, applicationId);
    requireNotBefore(letOn, 'letOn', d.reservation.reservedOn, 'the reservation');
  } else if (d.status !== 'available') {
    throw blockedByStatus(d, 'letting it');
  }
  return [{ type: 'DwellingLet', data: { dwellingId: d.dwellingId, leaseId, applicationId, letOn } }];
}

/** The tenant moves out of the lease the dwelling is let under; the dwelling is available again. */
function markVacated(command: MarkVacated, d: Dwelling): DwellingEvent[] {
  const leaseId = requireId(command.leaseId, 'leaseId');
  const vacatedOn = requireCalendarDate(command.vacatedOn, 'vacatedOn');
  if (d.status !== 'let' || !d.tenancy) throw notLet(d);
  if (d.tenancy.leaseId !== leaseId) throw letUnderAnotherLease(d, leaseId);
  requireNotBefore(vacatedOn, 'vacatedOn', d.tenancy.letOn, 'the start of the lease');
  return [{ type: 'DwellingVacated', data: { dwellingId: d.dwellingId, leaseId, vacatedOn } }];
}

/**
 * Only an owned, available dwelling can be set aside for sale: nobody lives in it or is promised it.
 * The reason is one that can be counted; the note is free text and never required.
 */
function markForDisposal(command: MarkForDisposal, d: Dwelling): DwellingEvent[] {
  const markedOn = requireCalendarDate(command.markedOn, 'markedOn');
  const reason = requireOneOf(command.reason, 'reason', DISPOSAL_REASONS);
  const note = optionalText(command.note, 'note');
  if (d.description.ownership === 'leased-in') throw leasedIn(d, 'it cannot be sold; end the lease-in instead');
  if (d.status !== 'available') throw blockedByStatus(d, 'marking it for disposal');
  return [{ type: 'DwellingMarkedForDisposal', data: { dwellingId: d.dwellingId, markedOn, reason, note } }];
}

function cancelDisposal(command: CancelDisposal, d: Dwelling): DwellingEvent[] {
  const cancelledOn = requireCalendarDate(command.cancelledOn, 'cancelledOn');
  const reason = requireText(command.reason, 'reason');
  if (d.status !== 'marked-for-disposal' || !d.disposal) throw notMarkedForDisposal(d, 'there is no disposal to cancel');
  requireNotBefore(cancelledOn, 'cancelledOn', d.disposal.markedOn, 'the decision to dispose of it');
  return [{ type: 'DisposalCancelled', data: { dwellingId: d.dwellingId, cancelledOn, reason } }];
}

/**
 * A sale needs a decision to dispose of the dwelling, except a sale to the tenant living in it;
 * a let dwelling can be sold to nobody else. Husbanken's grant not yet written down on the sale
 * date must be settled: repaid, or Husbanken has consented in writing (see settleGrant).
 */
function sellDwelling(command: SellDwelling, d: Dwelling): DwellingEvent[] {
  const soldOn = requireCalendarDate(command.soldOn, 'soldOn');
  const price = requireKroner(command.price, 'price');
  const buyer = requireOneOf(command.buyer, 'buyer', BUYERS);
  const settlement =
    command.grantSettlement === null || command.grantSettlement === undefined
      ? null
      : validateGrantSettlementInput(command.grantSettlement);
  if (d.description.ownership === 'leased-in') throw leasedIn(d, 'it cannot be sold; end the lease-in instead');

  if (buyer === 'sitting-tenant') {
    if (d.status !== 'let' || !d.tenancy) throw noSittingTenant(d);
    requireNotBefore(soldOn, 'soldOn', d.tenancy.letOn, 'the start of the lease');
  } else {
    if (d.status === 'let') throw blockedByStatus(d, 'selling it to anyone but the sitting tenant');
    if (d.status !== 'marked-for-disposal' || !d.disposal) {
      throw notMarkedForDisposal(
        d,
        'mark it for disposal before selling it (only a sale to the sitting tenant needs no such decision)',
      );
    }
    requireNotBefore(soldOn, 'soldOn', d.disposal.markedOn, 'the decision to dispose of it');
  }

  const outstanding = totalOutstandingGrant(d.rentalHousingGrants, soldOn);
  const grantSettlement = settleGrant(d, settlement, outstanding, soldOn);
  return [
    {
      type: 'DwellingSold',
      data: { dwellingId: d.dwellingId, soldOn, price, buyer, grantOutstanding: outstanding, grantSettlement },
    },
  ];
}

/**
 * What the sale records about the grant outstanding on the sale date:
 * - something outstanding must be settled, by a repayment or Husbanken's written consent;
 * - a repayment is the computed outstanding amount unless another amount is given, and another
 *   amount needs a justification (also when nothing is outstanding);
 * - a settlement given when nothing is outstanding is recorded as given: harmless.
 */
function settleGrant(d: Dwelling, settlement: GrantSettlementInput | null, outstanding: number, soldOn: string): GrantSettlement | null {
  if (!settlement) {
    if (outstanding > 0) throw grantOutstanding(d, outstanding, soldOn);
    return null;
  }
  if (settlement.kind === 'husbanken-consent') return settlement;
  const amount = settlement.amount ?? outstanding;
  if (amount !== outstanding && !settlement.overrideJustification) {
    throw repaymentOverrideNeedsJustification(d, outstanding, amount, soldOn);
  }
  return { kind: 'repayment', computedAmount: outstanding, amount, overrideJustification: settlement.overrideJustification };
}

/** A leased-in dwelling goes back to its owner empty: no tenant in it, nobody promised it. */
function endLeaseIn(command: EndLeaseIn, d: Dwelling): DwellingEvent[] {
  const endedOn = requireCalendarDate(command.endedOn, 'endedOn');
  if (d.description.ownership !== 'leased-in') throw notLeasedIn(d);
  if (d.status === 'let' || d.status === 'reserved') throw blockedByStatus(d, 'ending the lease-in');
  // A grant on a leased-in dwelling can only come from before corrections to leased-in were refused
  // with a grant on it: it must not leave the portfolio unsettled.
  const outstanding = totalOutstandingGrant(d.rentalHousingGrants, endedOn);
  if (outstanding > 0) throw grantOutstandingAtLeaseInEnd(d, outstanding, endedOn);
  return [{ type: 'LeaseInEnded', data: { dwellingId: d.dwellingId, endedOn } }];
}

/**
 * Corrects what the portfolio knows about the dwelling. The corrected description must be valid as
 * a whole; only fields whose value really changes are recorded, so repeating a correction records
 * nothing. A change of owner is an acquisition, not a correction, so ownership must stay consistent
 * with how the dwelling was acquired. A dwelling with Husbanken's rental-housing grant cannot be
 * corrected to leased-in (the grant is for dwellings the municipality owns, as recordRentalHousingGrant
 * says): a leased-in dwelling leaves the portfolio by EndLeaseIn, with no grant settlement.
 *
 * A newer version from the property company is recorded even when it changes nothing here, with
 * empty changes: its version then counts as applied, and an older version arriving later is refused
 * as stale instead of overwriting what the newer one confirmed.
 */
function updateDwellingDetails(command: UpdateDwellingDetails, d: Dwelling, source: ChangeSource | null): DwellingEvent[] {
  const correctedOn = requireCalendarDate(command.correctedOn, 'correctedOn');
  const reason = requireText(command.reason, 'reason');
  const given = Object.fromEntries(Object.entries(command.changes ?? {}).filter(([, value]) => value !== undefined));
  const corrected = validateDwellingDescription({ ...d.description, ...given }, 'changes.');
  if (d.acquisition && (d.acquisition.method === 'lease-in') !== (corrected.ownership === 'leased-in')) {
    throw ownershipConflictsWithAcquisition(d);
  }
  if (corrected.ownership === 'leased-in' && d.description.ownership !== 'leased-in' && d.rentalHousingGrants.length > 0) {
    throw grantForbidsLeaseIn(d);
  }
  const changedFields = DESCRIPTION_FIELDS.filter((field) => !sameValue(corrected[field], d.description[field]));
  if (changedFields.length === 0 && !source) return [];
  const changes: Partial<DwellingDescription> = Object.fromEntries(changedFields.map((field) => [field, corrected[field]]));
  return [{ type: 'DwellingDetailsUpdated', data: { dwellingId: d.dwellingId, correctedOn, changes, reason } }];
}

/**
 * Equal as data: the same values, whatever the order of an object's keys. The description in the
 * state is read back from stored events (PostgreSQL jsonb keeps keys in its own order), so the
 * matrikkel or address given again must not count as a change just because its keys are ordered otherwise.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => Object.hasOwn(y, key) && sameValue(x[key], y[key]));
}

/**
 * Folds one event into the state. An event with a `source` (a change from the property company)
 * also records the record it came from and its version as the last applied.
 */
export function evolve(state: DwellingState, event: DwellingEvent): DwellingState {
  const next = evolveDwelling(state, event);
  const source = event.data.source;
  if (!source || next.status === 'unregistered') return next;
  return { ...next, companyReference: source.reference, companyVersion: source.version };
}

function evolveDwelling(state: DwellingState, event: DwellingEvent): DwellingState {
  switch (event.type) {
    case 'DwellingRegistered': {
      const { dwellingId, registeredOn, source: _source, ...description } = event.data;
      return enteredPortfolio(dwellingId, description, registeredOn, null);
    }
    case 'DwellingAcquired': {
      const { dwellingId, acquiredOn, acquisition, source: _source, ...description } = event.data;
      return enteredPortfolio(dwellingId, description, acquiredOn, acquisition);
    }
  }
  // Any other event belongs to a dwelling already in the stream; without one there is nothing to change.
  if (state.status === 'unregistered') return state;
  const d = state;
  switch (event.type) {
    case 'RentalHousingGrantRecorded':
      return { ...d, rentalHousingGrants: [...d.rentalHousingGrants, event.data.grant] };
    case 'ConditionAssessmentRecorded': {
      const { buildingPart, grade, assessedOn, assessor, reportReference } = event.data;
      const known = d.conditionByBuildingPart[buildingPart];
      // An assessment recorded late does not replace a more recent one.
      if (known && known.assessedOn > assessedOn) return d;
      return {
        ...d,
        conditionByBuildingPart: {
          ...d.conditionByBuildingPart,
          [buildingPart]: { grade, assessedOn, assessor, reportReference },
        },
      };
    }
    case 'RenovationStarted': {
      const { startedOn, scope, expectedCompletionOn } = event.data;
      return { ...d, status: 'under-renovation', renovation: { startedOn, scope, expectedCompletionOn } };
    }
    case 'RenovationCompleted':
      return { ...d, status: 'available', renovation: null };
    case 'DwellingReserved':
      return {
        ...d,
        status: 'reserved',
        reservation: { applicationId: event.data.applicationId, reservedOn: event.data.reservedOn },
      };
    case 'ReservationReleased':
      return { ...d, status: 'available', reservation: null };
    case 'DwellingLet': {
      const { leaseId, applicationId, letOn } = event.data;
      return { ...d, status: 'let', reservation: null, tenancy: { leaseId, applicationId, letOn } };
    }
    case 'DwellingVacated':
      return { ...d, status: 'available', tenancy: null };
    case 'DwellingMarkedForDisposal': {
      const { markedOn, reason, note } = event.data;
      return { ...d, status: 'marked-for-disposal', disposal: { markedOn, reason, note } };
    }
    case 'DisposalCancelled':
      return { ...d, status: 'available', disposal: null };
    case 'DwellingSold':
      return { ...d, status: 'sold', tenancy: null, leftPortfolioOn: event.data.soldOn };
    case 'LeaseInEnded':
      return { ...d, status: 'lease-in-ended', renovation: null, disposal: null, leftPortfolioOn: event.data.endedOn };
    case 'DwellingDetailsUpdated':
      return { ...d, description: { ...d.description, ...event.data.changes } };
  }
}

function enteredPortfolio(
  dwellingId: string,
  description: DwellingDescription,
  on: string,
  acquisition: Acquisition | null,
): Dwelling {
  const grant = acquisition && acquisition.method !== 'lease-in' ? acquisition.financing.rentalHousingGrant : null;
  return {
    status: 'available',
    dwellingId,
    description,
    enteredPortfolioOn: on,
    acquisition,
    rentalHousingGrants: grant ? [grant] : [],
    conditionByBuildingPart: {},
    reservation: null,
    tenancy: null,
    renovation: null,
    disposal: null,
    leftPortfolioOn: null,
    companyReference: null, // set by evolve from the event's source
    companyVersion: null,
  };
}

export const dwellingDecider: Decider<DwellingCommand, DwellingEvent, DwellingState> = { decide, evolve, initialState };
