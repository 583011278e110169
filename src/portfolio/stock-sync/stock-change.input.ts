import type { DwellingDescriptionInput } from '../dwelling-input.mapping.js';
/**
 * The GraphQL input of `pushStockChanges` as the resolver receives it (schema/stock-sync.graphql).
 * Enum values arrive in GraphQL form (UPPER_SNAKE); optional fields may be absent or null.
 */

export const STOCK_CHANGE_KINDS = [
  'NEW_DWELLING',
  'CONDITION_ASSESSMENT',
  'RENOVATION_STARTED',
  'RENOVATION_COMPLETED',
  'CORRECTION',
] as const;
export type StockChangeKind = (typeof STOCK_CHANGE_KINDS)[number];

/** Each kind has exactly one sub-input, named here. */
export const SUB_INPUT_OF_KIND = {
  NEW_DWELLING: 'newDwelling',
  CONDITION_ASSESSMENT: 'conditionAssessment',
  RENOVATION_STARTED: 'renovationStarted',
  RENOVATION_COMPLETED: 'renovationCompleted',
  CORRECTION: 'correction',
} as const satisfies Record<StockChangeKind, keyof StockChangeInput>;
export type SubInputName = (typeof SUB_INPUT_OF_KIND)[StockChangeKind];

/** The fields of RegisterDwellingInput (schema/portfolio.graphql) without our id. */
export interface StockNewDwellingInput extends DwellingDescriptionInput {
  registeredOn: string;
}

export interface StockConditionAssessmentInput {
  grade: string;
  buildingPart: string;
  assessor: string;
  assessedOn: string;
  reportReference: string;
}

export interface StockRenovationStartedInput {
  startedOn: string;
  scope: string;
  expectedCompletionOn?: string | null;
}

export interface StockRenovationCompletedInput {
  completedOn: string;
}

export type StockDwellingDetailsInput = Partial<{
  [K in Exclude<keyof StockNewDwellingInput, 'registeredOn'>]: StockNewDwellingInput[K] | null;
}>;

export interface StockCorrectionInput {
  correctedOn: string;
  changes: StockDwellingDetailsInput;
  reason: string;
}

export interface StockChangeInput {
  reference: string;
  version: number;
  dwellingId?: string | null;
  kind: StockChangeKind;
  newDwelling?: StockNewDwellingInput | null;
  conditionAssessment?: StockConditionAssessmentInput | null;
  renovationStarted?: StockRenovationStartedInput | null;
  renovationCompleted?: StockRenovationCompletedInput | null;
  correction?: StockCorrectionInput | null;
}

export interface PushStockChangesInput {
  idempotencyKey: string;
  changes: StockChangeInput[];
}
