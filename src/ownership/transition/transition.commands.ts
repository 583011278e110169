import type { GrantSettlementInput } from '../../portfolio/dwelling/grant-settlement.js';
import type { FinancingSource, TransitionPlan } from './transition-terms.js';

/** Every date 'YYYY-MM-DD', every amount whole NOK; `actor` is who records the step. */
export type TransitionCommand =
  | StartTransition
  | ChangeTransitionPlan
  | RecordFinancialCounselling
  | GrantStartlan
  | RecordOtherFinancing
  | CompleteTransition
  | AbandonTransition
  | RecordFollowUpFailure;

/** What the handler read from the lease (the decider does no I/O). */
export interface LeaseSnapshot {
  leaseId: string;
  status: 'none' | 'active' | 'ended';
  householdId: string | null;
  dwellingId: string | null;
  startDate: string | null;
}

export interface StartTransition {
  type: 'StartTransition';
  transitionId: string;
  lease: LeaseSnapshot;
  plan: TransitionPlan;
  startedOn: string;
  actor: string;
}

export interface ChangeTransitionPlan {
  type: 'ChangeTransitionPlan';
  transitionId: string;
  plan: TransitionPlan;
  changedOn: string;
  reason: string;
  actor: string;
}

export interface RecordFinancialCounselling {
  type: 'RecordFinancialCounselling';
  transitionId: string;
  counselledOn: string;
  counsellor: string;
  summary: string;
  actor: string;
}

export interface GrantStartlan {
  type: 'GrantStartlan';
  transitionId: string;
  loanReference: string;
  amount: number;
  grantedOn: string;
  husbankenReportedOn: string | null;
  actor: string;
}

export interface RecordOtherFinancing {
  type: 'RecordOtherFinancing';
  transitionId: string;
  source: FinancingSource;
  amount: number;
  recordedOn: string;
  note: string | null;
  actor: string;
}

export interface CompleteTransition {
  type: 'CompleteTransition';
  transitionId: string;
  purchasedOn: string;
  price: number;
  grantSettlement: GrantSettlementInput | null;
  actor: string;
}

export interface AbandonTransition {
  type: 'AbandonTransition';
  transitionId: string;
  abandonedOn: string;
  reason: string;
  actor: string;
}

export interface RecordFollowUpFailure {
  type: 'RecordFollowUpFailure';
  transitionId: string;
  step: string;
  code: string;
  message: string;
  triggeringEventId: string;
}
