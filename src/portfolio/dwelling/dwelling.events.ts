import type { Acquisition } from './acquisition.js';
import type { ConditionGrade } from './condition-grade.js';
import type { Buyer, DisposalReason, GrantSettlement } from './disposal.js';
import type { DwellingDescription } from './dwelling-description.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

/** Every date is an ISO calendar date 'YYYY-MM-DD'; every amount whole NOK. */
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
  data: DwellingDescription & { dwellingId: string; registeredOn: string };
}

/** A grant in acquisition.financing is part of this event; no separate RentalHousingGrantRecorded follows. */
export interface DwellingAcquired {
  type: 'DwellingAcquired';
  data: DwellingDescription & { dwellingId: string; acquiredOn: string; acquisition: Acquisition };
}

export interface RentalHousingGrantRecorded {
  type: 'RentalHousingGrantRecorded';
  data: { dwellingId: string; grant: RentalHousingGrant };
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
  };
}

export interface RenovationStarted {
  type: 'RenovationStarted';
  data: { dwellingId: string; startedOn: string; scope: string; expectedCompletionOn: string | null };
}

export interface RenovationCompleted {
  type: 'RenovationCompleted';
  data: { dwellingId: string; completedOn: string };
}

export interface DwellingReserved {
  type: 'DwellingReserved';
  data: { dwellingId: string; applicationId: string; reservedOn: string };
}

export interface ReservationReleased {
  type: 'ReservationReleased';
  data: { dwellingId: string; applicationId: string; releasedOn: string; reason: string };
}

export interface DwellingLet {
  type: 'DwellingLet';
  data: { dwellingId: string; leaseId: string; applicationId: string | null; letOn: string };
}

export interface DwellingVacated {
  type: 'DwellingVacated';
  data: { dwellingId: string; leaseId: string; vacatedOn: string };
}

export interface DwellingMarkedForDisposal {
  type: 'DwellingMarkedForDisposal';
  data: { dwellingId: string; markedOn: string; reason: DisposalReason; note: string | null };
}

export interface DisposalCancelled {
  type: 'DisposalCancelled';
  data: { dwellingId: string; cancelledOn: string; reason: string };
}

/**
 * The dwelling leaves the portfolio. `grantOutstanding` is the rental-housing grant not yet written
 * down on soldOn (0 when none), kept so an auditor sees what the settlement had to cover.
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
  };
}

/** A leased-in dwelling goes back to its owner and leaves the portfolio. */
export interface LeaseInEnded {
  type: 'LeaseInEnded';
  data: { dwellingId: string; endedOn: string };
}

/** Only the fields whose value actually changed, with their new values. */
export interface DwellingDetailsUpdated {
  type: 'DwellingDetailsUpdated';
  data: { dwellingId: string; correctedOn: string; changes: Partial<DwellingDescription>; reason: string };
}
