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
  /** Per loan reference: when it was granted and when reported to Husbanken (null until reported). */
  startlans: Record<string, { amount: number; grantedOn: string; reportedOn: string | null }>;
  completedOn: string | null;
}

export type TransitionState = NoTransition | Transition;

export const initialState: TransitionState = { status: 'none' };
