import type { GrantSettlementInput } from '../../portfolio/dwelling/grant-settlement.js';
import type { FinancingSource, TransitionPlan } from './transition-terms.js';

/**
 * One household's way from municipal rental into ownership ("fra leie til eie"), in the stream
 * `transition-<transitionId>`. Every date is 'YYYY-MM-DD', every amount whole NOK; the household
 * is its pseudonymous id. Completion is what the tenant-to-owner process manager acts on (sale to
 * the sitting tenant and lease end, or lease end and vacancy). Kept stable: add, never rename.
 */
export type TransitionEvent =
  | TransitionStarted
  | TransitionPlanChanged
  | FinancialCounsellingRecorded
  | StartlanGranted
  | OtherFinancingRecorded
  | TransitionCompleted
  | TransitionAbandoned
  | TransitionFollowUpFailed;

export type TransitionEventType = TransitionEvent['type'];

export const TRANSITION_EVENT_TYPES: readonly TransitionEventType[] = [
  'TransitionStarted',
  'TransitionPlanChanged',
  'FinancialCounsellingRecorded',
  'StartlanGranted',
  'OtherFinancingRecorded',
  'TransitionCompleted',
  'TransitionAbandoned',
  'TransitionFollowUpFailed',
];

export interface TransitionStarted {
  type: 'TransitionStarted';
  data: {
    transitionId: string;
    householdId: string;
    leaseId: string;
    dwellingId: string;
    plan: TransitionPlan;
    startedOn: string;
    actor: string;
  };
}

export interface TransitionPlanChanged {
  type: 'TransitionPlanChanged';
  data: { transitionId: string; previousPlan: TransitionPlan; plan: TransitionPlan; changedOn: string; reason: string; actor: string };
}

/** Økonomisk rådgivning given to the household; `summary` is the caseworker's note (no personal data). */
export interface FinancialCounsellingRecorded {
  type: 'FinancialCounsellingRecorded';
  data: { transitionId: string; counselledOn: string; counsellor: string; summary: string; actor: string };
}

/**
 * Startlån granted by the municipality (Husbanken's loan, lent on). Every disbursed loan is reported
 * to Husbanken; `husbankenReportedOn` is null until reported (see the yearly report due in January).
 */
export interface StartlanGranted {
  type: 'StartlanGranted';
  data: { transitionId: string; loanReference: string; amount: number; grantedOn: string; husbankenReportedOn: string | null; actor: string };
}

export interface OtherFinancingRecorded {
  type: 'OtherFinancingRecorded';
  data: { transitionId: string; source: FinancingSource; amount: number; recordedOn: string; note: string | null; actor: string };
}

/**
 * The household has bought. For 'buy-rented-dwelling' `grantSettlement` is what the sale of the
 * dwelling records about Husbanken's rental-housing grant (required by the portfolio when a grant
 * is outstanding on purchasedOn); null for 'buy-on-market'. `dwellingId` is the rented dwelling.
 */
export interface TransitionCompleted {
  type: 'TransitionCompleted';
  data: {
    transitionId: string;
    householdId: string;
    leaseId: string;
    dwellingId: string;
    plan: TransitionPlan;
    purchasedOn: string;
    price: number;
    grantSettlement: GrantSettlementInput | null;
    actor: string;
  };
}

export interface TransitionAbandoned {
  type: 'TransitionAbandoned';
  data: { transitionId: string; abandonedOn: string; reason: string; actor: string };
}

/**
 * A follow-up of the completion (the sale, the lease's end, the vacancy) was refused by the other
 * aggregate, e.g. because the dwelling changed meanwhile. Recorded by the process manager so a
 * caseworker sees it (transitions by status) instead of the process retrying forever.
 */
export interface TransitionFollowUpFailed {
  type: 'TransitionFollowUpFailed';
  data: { transitionId: string; step: string; code: string; message: string; triggeringEventId: string };
}
