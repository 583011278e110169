import type { TransitionPlan, TransitionStatus } from './transition-terms.js';

export interface NoTransition {
  status: 'none';
}

export interface Transition {
  status: TransitionStatus;
  transitionId: string;
  householdId: string;
  leaseId: string;
  dwellingId: string;
  plan: TransitionPlan;
  startedOn: string;
  counselled: boolean;
  startlanReferences: string[];
  completedOn: string | null;
}

export type TransitionState = NoTransition | Transition;

export const initialState: TransitionState = { status: 'none' };
