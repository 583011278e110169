import { requireCalendarDate, requireNotBefore } from '../../portfolio/dwelling/calendar-date.js';
import { validateGrantSettlementInput } from '../../portfolio/dwelling/grant-settlement.js';
import { optionalText, requireId, requireKroner, requireOneOf, requireText } from '../../portfolio/dwelling/field-rules.js';
import type { Decider } from '../../shared-kernel/decider.js';
import { DomainError, NotFoundError, ValidationError } from '../../shared-kernel/domain-error.js';
import type { CompleteTransition, StartTransition, TransitionCommand } from './transition.commands.js';
import type { TransitionEvent } from './transition.events.js';
import { initialState, type Transition, type TransitionState } from './transition.state.js';
import { FINANCING_SOURCES, TRANSITION_PLANS } from './transition-terms.js';

/**
 * The tenant-to-owner transition ("fra leie til eie") of one household with an active lease:
 * plan, counselling, financing, then completed or abandoned. The completion's consequences for
 * the dwelling and the lease are carried out by the tenant-to-owner process manager.
 */
export function decide(command: TransitionCommand, state: TransitionState): TransitionEvent[] {
  if (command.type === 'StartTransition') return start(command, state);
  if (state.status === 'none') throw new NotFoundError('TRANSITION_NOT_FOUND', `transition ${command.transitionId} does not exist`, 'transitionId');
  if (command.type === 'RecordFollowUpFailure') {
    return [
      {
        type: 'TransitionFollowUpFailed',
        data: { transitionId: state.transitionId, step: command.step, code: command.code, message: command.message, triggeringEventId: command.triggeringEventId },
      },
    ];
  }
  const t = open(state);
  const actor = requireId(command.actor, 'actor');
  switch (command.type) {
    case 'ChangeTransitionPlan': {
      const plan = requireOneOf(command.plan, 'plan', TRANSITION_PLANS);
      const changedOn = notBeforeStart(command.changedOn, 'changedOn', t);
      const reason = requireText(command.reason, 'reason');
      if (plan === t.plan) return [];
      return [{ type: 'TransitionPlanChanged', data: { transitionId: t.transitionId, previousPlan: t.plan, plan, changedOn, reason, actor } }];
    }
    case 'RecordFinancialCounselling':
      return [
        {
          type: 'FinancialCounsellingRecorded',
          data: {
            transitionId: t.transitionId,
            counselledOn: notBeforeStart(command.counselledOn, 'counselledOn', t),
            counsellor: requireText(command.counsellor, 'counsellor'),
            summary: requireText(command.summary, 'summary'),
            actor,
          },
        },
      ];
    case 'GrantStartlan': {
      const loanReference = requireText(command.loanReference, 'loanReference');
      const amount = requireKroner(command.amount, 'amount', 1);
      const grantedOn = notBeforeStart(command.grantedOn, 'grantedOn', t);
      const husbankenReportedOn =
        command.husbankenReportedOn === null || command.husbankenReportedOn === undefined
          ? null
          : requireNotBefore(requireCalendarDate(command.husbankenReportedOn, 'husbankenReportedOn'), 'husbankenReportedOn', grantedOn, 'the grant');
      if (t.startlanReferences.includes(loanReference)) {
        throw new DomainError('STARTLAN_ALREADY_RECORDED', `startlån ${loanReference} is already recorded on this transition`, 'CONFLICT', 'loanReference');
      }
      return [{ type: 'StartlanGranted', data: { transitionId: t.transitionId, loanReference, amount, grantedOn, husbankenReportedOn, actor } }];
    }
    case 'RecordOtherFinancing':
      return [
        {
          type: 'OtherFinancingRecorded',
          data: {
            transitionId: t.transitionId,
            source: requireOneOf(command.source, 'source', FINANCING_SOURCES),
            amount: requireKroner(command.amount, 'amount', 1),
            recordedOn: notBeforeStart(command.recordedOn, 'recordedOn', t),
            note: optionalText(command.note, 'note'),
            actor,
          },
        },
      ];
    case 'CompleteTransition':
      return complete(command, t, actor);
    case 'AbandonTransition':
      return [
        {
          type: 'TransitionAbandoned',
          data: { transitionId: t.transitionId, abandonedOn: notBeforeStart(command.abandonedOn, 'abandonedOn', t), reason: requireText(command.reason, 'reason'), actor },
        },
      ];
  }
}

/** Only a tenant with an active municipal lease can start the way into ownership. */
function start(c: StartTransition, state: TransitionState): TransitionEvent[] {
  const transitionId = requireId(c.transitionId, 'transitionId');
  const plan = requireOneOf(c.plan, 'plan', TRANSITION_PLANS);
  const startedOn = requireCalendarDate(c.startedOn, 'startedOn');
  const actor = requireId(c.actor, 'actor');
  if (state.status !== 'none') throw new DomainError('TRANSITION_EXISTS', `transition ${transitionId} already exists`, 'CONFLICT', 'transitionId');
  const lease = c.lease;
  if (lease.status !== 'active' || !lease.householdId || !lease.dwellingId || !lease.startDate) {
    throw new DomainError(
      lease.status === 'none' ? 'LEASE_NOT_FOUND' : 'LEASE_NOT_ACTIVE',
      `lease ${lease.leaseId} is ${lease.status === 'none' ? 'unknown' : 'not active'}: only a tenant with an active municipal lease can start a transition to ownership`,
      lease.status === 'none' ? 'NOT_FOUND' : 'CONFLICT',
      'leaseId',
    );
  }
  requireNotBefore(startedOn, 'startedOn', lease.startDate, 'the start of the lease');
  return [
    {
      type: 'TransitionStarted',
      data: { transitionId, householdId: lease.householdId, leaseId: lease.leaseId, dwellingId: lease.dwellingId, plan, startedOn, actor },
    },
  ];
}

/**
 * The purchase: date and price. Buying the rented dwelling records what the sale must say about
 * Husbanken's grant (the portfolio's sale rules decide whether it is needed); buying on the
 * market has no grant to settle.
 */
function complete(c: CompleteTransition, t: Transition, actor: string): TransitionEvent[] {
  const purchasedOn = notBeforeStart(c.purchasedOn, 'purchasedOn', t);
  const price = requireKroner(c.price, 'price', 1);
  const grantSettlement = c.grantSettlement === null || c.grantSettlement === undefined ? null : validateGrantSettlementInput(c.grantSettlement);
  if (t.plan === 'buy-on-market' && grantSettlement !== null) {
    throw new ValidationError('grantSettlement', 'is only recorded when the tenant buys the rented dwelling', 'GRANT_SETTLEMENT_NOT_ALLOWED');
  }
  return [
    {
      type: 'TransitionCompleted',
      data: { transitionId: t.transitionId, householdId: t.householdId, leaseId: t.leaseId, dwellingId: t.dwellingId, plan: t.plan, purchasedOn, price, grantSettlement, actor },
    },
  ];
}

function open(state: Transition): Transition {
  if (state.status !== 'started') {
    throw new DomainError('TRANSITION_CLOSED', `transition ${state.transitionId} is ${state.status}; nothing more can be recorded on it`, 'CONFLICT');
  }
  return state;
}

function notBeforeStart(value: unknown, field: string, t: Transition): string {
  return requireNotBefore(requireCalendarDate(value, field), field, t.startedOn, 'the start of the transition');
}

export function evolve(state: TransitionState, event: TransitionEvent): TransitionState {
  if (event.type === 'TransitionStarted') {
    const d = event.data;
    return {
      status: 'started',
      transitionId: d.transitionId,
      householdId: d.householdId,
      leaseId: d.leaseId,
      dwellingId: d.dwellingId,
      plan: d.plan,
      startedOn: d.startedOn,
      counselled: false,
      startlanReferences: [],
      completedOn: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'TransitionPlanChanged':
      return { ...state, plan: event.data.plan };
    case 'FinancialCounsellingRecorded':
      return { ...state, counselled: true };
    case 'StartlanGranted':
      return { ...state, startlanReferences: [...state.startlanReferences, event.data.loanReference] };
    case 'OtherFinancingRecorded':
    case 'TransitionFollowUpFailed':
      return state;
    case 'TransitionCompleted':
      return { ...state, status: 'completed', completedOn: event.data.purchasedOn };
    case 'TransitionAbandoned':
      return { ...state, status: 'abandoned' };
  }
}

export const transitionDecider: Decider<TransitionCommand, TransitionEvent, TransitionState> = { decide, evolve, initialState };
