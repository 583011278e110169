import type { Acquisition } from './acquisition.js';
import type { ChangeSource } from './change-source.js';
import type { ConditionGrade } from './condition-grade.js';
import type { Buyer, DisposalReason } from './disposal.js';
import type { DwellingDescription } from './dwelling-description.js';
import type { GrantSettlement } from './grant-settlement.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

/**
 * Every date is an ISO calendar date 'YYYY-MM-DD'; every amount whole NOK.
 *
 * An event caused by a change synced from the property company carries that change's `source` in
 * its data. An event from a caseworker's command has no `source` key at all (never `source: null`),
 * so it reads exactly like the events recorded before the sync existed.
 */
export type DwellingEvent =
  | DwellingRegistered
  | DwellingAcquired
  | RentalHousingGrantRecorded
  | ConditionAssessmentRecorded
  | RenovationStarted
  | RenovationCompleted
  | DwellingReserved
  | ReservationReleased
  | DwellingLet
  | DwellingVacated
  | DwellingMarkedForDisposal
  | DisposalCancelled
  | DwellingSold
  | LeaseInEnded
  | DwellingDetailsUpdated;

export type DwellingEventType = DwellingEvent['type'];

export interface DwellingRegistered {
  type: 'DwellingRegistered';
  data: DwellingDescription & { dwellingId: string; registeredOn: string; source?: ChangeSource };
}

/** A grant in acquisition.financing is part of this event; no separate RentalHousingGrantRecorded follows. */
export interface DwellingAcquired {
  type: 'DwellingAcquired';
  data: DwellingDescription & { dwellingId: string; acquiredOn: string; acquisition: Acquisition; source?: ChangeSource };
}

export interface RentalHousingGrantRecorded {
  type: 'RentalHousingGrantRecorded';
  data: { dwellingId: string; grant: RentalHousingGrant; source?: ChangeSource };
}

export interface ConditionAssessmentRecorded {
  type: 'ConditionAssessmentRecorded';
  data: {
    dwellingId: string;
    grade: ConditionGrade;
    buildingPart: string;
    assessor: string;
    assessedOn: string;
    reportReference: string;
    source?: ChangeSource;
  };
}

export interface RenovationStarted {
  type: 'RenovationStarted';
  data: { dwellingId: string; startedOn: string; scope: string; expectedCompletionOn: string | null; source?: ChangeSource };
}

export interface RenovationCompleted {
  type: 'RenovationCompleted';
  data: { dwellingId: string; completedOn: string; source?: ChangeSource };
}

export interface DwellingReserved {
  type: 'DwellingReserved';
  data: { dwellingId: string; applicationId: string; reservedOn: string; source?: ChangeSource };
}

export interface ReservationReleased {
  type: 'ReservationReleased';
  data: { dwellingId: string; applicationId: string; releasedOn: string; reason: string; source?: ChangeSource };
}

export interface DwellingLet {
  type: 'DwellingLet';
  data: { dwellingId: string; leaseId: string; applicationId: string | null; letOn: string; source?: ChangeSource };
}

export interface DwellingVacated {
  type: 'DwellingVacated';
  data: { dwellingId: string; leaseId: string; vacatedOn: string; source?: ChangeSource };
}

export interface DwellingMarkedForDisposal {
  type: 'DwellingMarkedForDisposal';
  data: { dwellingId: string; markedOn: string; reason: DisposalReason; note: string | null; source?: ChangeSource };
}

export interface DisposalCancelled {
  type: 'DisposalCancelled';
  data: { dwellingId: string; cancelledOn: string; reason: string; source?: ChangeSource };
}

/**
 * The dwelling leaves the portfolio. `grantOutstanding` is the rental-housing grant not yet written
 * down on soldOn (0 when none), kept so an auditor sees what the settlement had to cover;
 * `grantSettlement` is what was decided about it (null when nothing was outstanding and nothing given).
 * A sale to the sitting tenant ends their lease: the lease side reacts to this event.
 */
export interface DwellingSold {
  type: 'DwellingSold';
  data: {
    dwellingId: string;
    soldOn: string;
    price: number;
    buyer: Buyer;
    grantOutstanding: number;
    grantSettlement: GrantSettlement | null;
    source?: ChangeSource;
  };
}

/** A leased-in dwelling goes back to its owner and leaves the portfolio. */
export interface LeaseInEnded {
  type: 'LeaseInEnded';
  data: { dwellingId: string; endedOn: string; source?: ChangeSource };
}

/**
 * Only the fields whose value actually changed, with their new values. Empty only for a newer
 * version from the property company that changed nothing here: recorded so that version counts as applied.
 */
export interface DwellingDetailsUpdated {
  type: 'DwellingDetailsUpdated';
  data: { dwellingId: string; correctedOn: string; changes: Partial<DwellingDescription>; reason: string; source?: ChangeSource };
}
