import { requireCalendarDate } from '../../portfolio/dwelling/calendar-date.js';
import { optionalId, requireId, requireText } from '../../portfolio/dwelling/field-rules.js';
import type { Decider } from '../../shared-kernel/decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { HouseholdTenancyEvent } from './household-tenancy.events.js';

/**
 * The consistency boundary for "at most one active lease per household": one stream per
 * household, whose revision serialises the signings for it. StartTenancy and EndTenancy recognise
 * a repeat of a step already recorded (same lease), so the signing and ending handlers and the
 * process managers can retry them.
 */
export type HouseholdTenancyCommand = StartTenancy | EndTenancy;

export interface StartTenancy {
  type: 'StartTenancy';
  householdId: string;
  leaseId: string;
  dwellingId: string;
  startDate: string;
  previousLeaseId: string | null;
  /**
   * The lease the household's swap (or extension) application named as its current one, read by
   * the handler from that lease's stream (`ended`: it ended as a transfer, to this lease or to none
   * named): a transfer may link back to it even when the applicant's id is not the household id on
   * that lease (a member applying, or an applicant without a person id).
   */
  namedCurrentLease?: { leaseId: string; ended: boolean } | null;
  actor: string;
}

export interface EndTenancy {
  type: 'EndTenancy';
  householdId: string;
  leaseId: string;
  endedOn: string;
  reason: string;
  actor: string;
}

export interface HouseholdTenancyState {
  active: { leaseId: string; dwellingId: string; startDate: string } | null;
  endedLeaseIds: string[];
  /** Ended before the lease was recorded (a signing refused or abandoned): never lived in, so no lease to move from. */
  neverSignedLeaseIds: string[];
  /** Why each ended lease ended (TenancyEnded.reason): only a move within the stock links a new lease to it. */
  endedAs: Record<string, string>;
}

/** End reasons after which the household moves on within the municipal stock: a new lease may link back (a move within the stock in KOSTRA). */
const MOVES_WITHIN_STOCK = new Set(['transferred', 'lease-in-ended']);

/** End reasons of a tenancy whose lease was never recorded (sign-lease.handler.ts, release-held-by-signing.ts). */
const NEVER_SIGNED = new Set(['signing-refused', 'signing-abandoned']);

export const initialState: HouseholdTenancyState = { active: null, endedLeaseIds: [], neverSignedLeaseIds: [], endedAs: {} };

export function decide(command: HouseholdTenancyCommand, state: HouseholdTenancyState): HouseholdTenancyEvent[] {
  const householdId = requireId(command.householdId, 'householdId');
  const leaseId = requireId(command.leaseId, 'leaseId');
  const actor = requireId(command.actor, 'actor');
  if (command.type === 'StartTenancy') {
    const dwellingId = requireId(command.dwellingId, 'dwellingId');
    const startDate = requireCalendarDate(command.startDate, 'startDate');
    const previousLeaseId = optionalId(command.previousLeaseId, 'previousLeaseId');
    if (state.active?.leaseId === leaseId) return [];
    if (state.endedLeaseIds.includes(leaseId)) {
      throw new DomainError('TENANCY_ENDED', `lease ${leaseId} of household ${householdId} has already ended`, 'CONFLICT', 'leaseId');
    }
    if (state.active) {
      throw new DomainError(
        'HOUSEHOLD_HAS_ACTIVE_LEASE',
        `household ${householdId} already has an active lease (${state.active.leaseId}, dwelling ${state.active.dwellingId}); end it first (reason TRANSFERRED for a move to another municipal dwelling)`,
        'CONFLICT',
        'householdId',
      );
    }
    // A transfer link must be the household's own: an id of a stranger's lease would show a false move in the audit trail and reporting.
    const own = previousLeaseId !== null && state.endedLeaseIds.includes(previousLeaseId) && !state.neverSignedLeaseIds.includes(previousLeaseId);
    const named = previousLeaseId !== null && command.namedCurrentLease?.leaseId === previousLeaseId && command.namedCurrentLease.ended;
    // Its own lease, but ended as a move out of the stock (moved out, evicted, bought): a new lease is a new move-in, not a move within the stock.
    const endedAs = previousLeaseId === null ? undefined : state.endedAs[previousLeaseId];
    if (own && !named && endedAs !== undefined && !MOVES_WITHIN_STOCK.has(endedAs)) {
      throw new DomainError(
        'PREVIOUS_LEASE_NOT_TRANSFERRED',
        `previous lease ${previousLeaseId} of household ${householdId} ended as '${endedAs}', out of the municipal stock: a new lease after it is a new move-in (leave previousLeaseId out); only a lease ended TRANSFERRED (or LEASE_IN_ENDED) links a move within the stock`,
        'CONFLICT',
        'previousLeaseId',
      );
    }
    if (previousLeaseId !== null && !own && !named) {
      throw new DomainError(
        'PREVIOUS_LEASE_NOT_HOUSEHOLDS',
        `previous lease ${previousLeaseId} is not an ended lease of household ${householdId}, nor the current lease its swap application named, ended as a transfer to this lease: previousLeaseId must be such a lease (end it first with reason TRANSFERRED)`,
        'CONFLICT',
        'previousLeaseId',
      );
    }
    return [{ type: 'TenancyStarted', data: { householdId, leaseId, dwellingId, startDate, previousLeaseId, actor } }];
  }
  const endedOn = requireCalendarDate(command.endedOn, 'endedOn');
  const reason = requireText(command.reason, 'reason');
  if (state.endedLeaseIds.includes(leaseId)) return [];
  if (state.active?.leaseId !== leaseId) {
    throw new DomainError('TENANCY_NOT_ACTIVE', `lease ${leaseId} is not the active lease of household ${householdId}`, 'CONFLICT', 'leaseId');
  }
  return [{ type: 'TenancyEnded', data: { householdId, leaseId, dwellingId: state.active.dwellingId, endedOn, reason, actor } }];
}

export function evolve(state: HouseholdTenancyState, event: HouseholdTenancyEvent): HouseholdTenancyState {
  switch (event.type) {
    case 'TenancyStarted':
      return { ...state, active: { leaseId: event.data.leaseId, dwellingId: event.data.dwellingId, startDate: event.data.startDate } };
    case 'TenancyEnded':
      return {
        active: state.active?.leaseId === event.data.leaseId ? null : state.active,
        endedLeaseIds: [...state.endedLeaseIds, event.data.leaseId],
        neverSignedLeaseIds: NEVER_SIGNED.has(event.data.reason) ? [...state.neverSignedLeaseIds, event.data.leaseId] : state.neverSignedLeaseIds,
        endedAs: { ...state.endedAs, [event.data.leaseId]: event.data.reason },
      };
  }
}

export const householdTenancyDecider: Decider<HouseholdTenancyCommand, HouseholdTenancyEvent, HouseholdTenancyState> = { decide, evolve, initialState };
