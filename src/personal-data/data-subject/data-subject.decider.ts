import type { Decider } from '../../shared-kernel/decider.js';
import { DomainError, ValidationError } from '../../shared-kernel/domain-error.js';
import type { DataSubjectEvent } from './data-subject.events.js';

/** A retention rule that still holds some of the person's records at the time of the request. */
export interface RetentionHold {
  recordKind: string;
  records: number;
  source: string;
}

export interface EraseDataSubject {
  type: 'EraseDataSubject';
  subjectId: string;
  force: boolean;
  legalBasis: string | null;
  actor: string;
  requestedAt: string;
  /** What the retention policy says about the person's records now (looked up by the handler). */
  holds: readonly RetentionHold[];
}

export interface DataSubjectState {
  erased: boolean;
}

/** Erasure of a person: refused while retention rules hold their records, unless forced with a legal basis. */
export const dataSubjectDecider: Decider<EraseDataSubject, DataSubjectEvent, DataSubjectState> = {
  initialState: { erased: false },
  decide(command, state) {
    if (command.force && !command.legalBasis) {
      throw new ValidationError('legalBasis', 'is required when force is true: name the legal basis for overriding the retention rules', 'LEGAL_BASIS_REQUIRED');
    }
    // Erasing twice changes nothing more; the handler still makes sure the key is gone.
    if (state.erased) return [];
    if (command.holds.length > 0 && !command.force) {
      const kinds = command.holds.map((h) => `${h.records} ${h.recordKind} record(s): ${h.source}`).join('; ');
      throw new DomainError(
        'RETENTION_REQUIRED',
        `this person's records must be kept (${kinds}); erase only with force and a recorded legal basis`,
        'CONFLICT',
      );
    }
    return [
      {
        type: 'DataSubjectErased',
        data: {
          subjectId: command.subjectId,
          legalBasis: command.legalBasis,
          forced: command.force && command.holds.length > 0,
          actor: command.actor,
          overriddenRetention: command.force ? command.holds.map((h) => h.recordKind) : [],
          requestedAt: command.requestedAt,
        },
      },
    ];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DataSubjectErased':
        return { erased: true };
      default:
        return state;
    }
  },
};

export function dataSubjectStreamId(subjectId: string): string {
  return `datasubject-${subjectId.toLowerCase()}`;
}
