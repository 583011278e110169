import { isUuid } from '../../shared-kernel/uuid.js';
import { toCorrections, toDescription } from '../dwelling-input.mapping.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import type { ChangeSource } from '../dwelling/change-source.js';
import type { ConditionGrade } from '../dwelling/condition-grade.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';
import { companyDwellingId } from './company-dwelling-id.js';
import {
  STOCK_CHANGE_KINDS,
  SUB_INPUT_OF_KIND,
  type StockChangeInput,
  type StockChangeKind,
  type StockDwellingDetailsInput,
} from './stock-change.input.js';

const MAX_REFERENCE_LENGTH = 200;

/** A change of the property company as the dwelling command it asks for. */
export interface MappedStockChange {
  dwellingId: string;
  command: DwellingCommand;
  /** The day the change happened in the world (the command's own date), for the events' occurredAt. */
  occurredOn: string;
}

/**
 * Maps one change of a batch to a dwelling command carrying the company's reference and version as
 * its `source`. Refuses, with a ValidationError naming the field relative to the change, a change
 * whose envelope is wrong: blank or over-long reference, version below 1, missing or malformed
 * dwellingId, or not exactly the one sub-input its `kind` calls for. The command's own fields are
 * checked by the decider.
 */
export function toDwellingCommand(change: StockChangeInput): MappedStockChange {
  const reference = requireReference(change.reference);
  const version = requireVersion(change.version);
  const kind = requireKind(change.kind);
  requireOnlySubInput(change, kind);
  const dwellingId = requireDwellingId(change, kind, reference);
  const source: ChangeSource = { system: 'property-company', reference, version };

  switch (kind) {
    case 'NEW_DWELLING': {
      const d = change.newDwelling!;
      return {
        dwellingId,
        occurredOn: d.registeredOn,
        command: {
          type: 'RegisterDwelling',
          dwellingId,
          ...toDescription(d),
          registeredOn: d.registeredOn,
          source,
        },
      };
    }
    case 'CONDITION_ASSESSMENT': {
      const a = change.conditionAssessment!;
      return {
        dwellingId,
        occurredOn: a.assessedOn,
        command: {
          type: 'RecordConditionAssessment',
          dwellingId,
          // Condition grades are the same words in GraphQL and in the domain (TG0 … TGIU).
          grade: a.grade as ConditionGrade,
          buildingPart: a.buildingPart,
          assessor: a.assessor,
          assessedOn: a.assessedOn,
          reportReference: a.reportReference,
          source,
        },
      };
    }
    case 'RENOVATION_STARTED': {
      const r = change.renovationStarted!;
      return {
        dwellingId,
        occurredOn: r.startedOn,
        command: {
          type: 'StartRenovation',
          dwellingId,
          startedOn: r.startedOn,
          scope: r.scope,
          expectedCompletionOn: r.expectedCompletionOn ?? null,
          source,
        },
      };
    }
    case 'RENOVATION_COMPLETED': {
      const r = change.renovationCompleted!;
      return {
        dwellingId,
        occurredOn: r.completedOn,
        command: { type: 'CompleteRenovation', dwellingId, completedOn: r.completedOn, source },
      };
    }
    case 'CORRECTION': {
      const c = change.correction!;
      return {
        dwellingId,
        occurredOn: c.correctedOn,
        command: {
          type: 'UpdateDwellingDetails',
          dwellingId,
          correctedOn: c.correctedOn,
          changes: toCorrections(c.changes),
          reason: c.reason,
          source,
        },
      };
    }
  }
}

/**
 * Our dwelling id for a change, if it can be told (for the per-change result, also of a refused
 * change): derived from the reference for NEW_DWELLING, else the dwellingId given.
 */
export function dwellingIdOf(change: StockChangeInput): string | null {
  if (change.kind === 'NEW_DWELLING' && typeof change.reference === 'string' && change.reference.trim() !== '') {
    return companyDwellingId(change.reference);
  }
  return typeof change.dwellingId === 'string' && isUuid(change.dwellingId) ? change.dwellingId.toLowerCase() : null;
}

/**
 * Where a field the decider names (relative to its command) is in the change: the envelope's
 * dwellingId and source map to the change's own fields, anything else lies in the kind's sub-input
 * (e.g. 'assessedOn' → 'conditionAssessment.assessedOn', 'changes.rooms' → 'correction.changes.rooms').
 */
export function fieldOfChange(kind: StockChangeKind, commandField: string | undefined): string | undefined {
  if (commandField === undefined) return undefined;
  if (commandField === 'dwellingId') return kind === 'NEW_DWELLING' ? 'reference' : 'dwellingId';
  if (commandField === 'source') return 'version';
  if (commandField.startsWith('source.')) return commandField.slice('source.'.length);
  return `${SUB_INPUT_OF_KIND[kind]}.${commandField}`;
}

function requireReference(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError('reference', 'must not be empty', 'FIELD_REQUIRED');
  if (value.length > MAX_REFERENCE_LENGTH) {
    throw new ValidationError('reference', `must be at most ${MAX_REFERENCE_LENGTH} characters`, 'FIELD_TOO_LONG');
  }
  // Taken exactly as given: it is the company's key for the dwelling.
  return value;
}

function requireVersion(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError('version', 'must be a whole number above 0', 'FIELD_OUT_OF_RANGE');
  }
  return value;
}

function requireKind(value: unknown): StockChangeKind {
  if (typeof value !== 'string' || !(STOCK_CHANGE_KINDS as readonly string[]).includes(value)) {
    throw new ValidationError('kind', `must be one of ${STOCK_CHANGE_KINDS.join(', ')}`, 'INVALID_OPTION');
  }
  return value as StockChangeKind;
}

/** Exactly the sub-input of the change's kind, and no other, so a change cannot mean two things. */
function requireOnlySubInput(change: StockChangeInput, kind: StockChangeKind): void {
  const expected = SUB_INPUT_OF_KIND[kind];
  const given = change[expected];
  if (given === null || given === undefined) {
    throw new ValidationError(expected, `is required when kind is ${kind}`, 'FIELD_REQUIRED');
  }
  for (const other of Object.values(SUB_INPUT_OF_KIND)) {
    if (other !== expected && change[other] !== null && change[other] !== undefined) {
      throw new ValidationError(other, `must not be given when kind is ${kind}; give only ${expected}`, 'FIELD_NOT_ALLOWED');
    }
  }
}

function requireDwellingId(change: StockChangeInput, kind: StockChangeKind, reference: string): string {
  const given = change.dwellingId;
  if (kind === 'NEW_DWELLING') {
    const derived = companyDwellingId(reference);
    if (given !== null && given !== undefined && given.toLowerCase() !== derived) {
      throw new ValidationError(
        'dwellingId',
        `must be left out for NEW_DWELLING, or be ${derived}, the id derived from the reference`,
        'DWELLING_ID_MISMATCH',
      );
    }
    return derived;
  }
  if (given === null || given === undefined || given === '') {
    throw new ValidationError('dwellingId', `is required when kind is ${kind}`, 'FIELD_REQUIRED');
  }
  if (!isUuid(given)) throw new ValidationError('dwellingId', 'must be a UUID', 'INVALID_ID');
  return given.toLowerCase();
}
