import type { Acquisition } from './acquisition.js';
import type { ChangeSource } from './change-source.js';
import type { ConditionGrade } from './condition-grade.js';
import type { Buyer, DisposalReason } from './disposal.js';
import type { DwellingDescription } from './dwelling-description.js';
import type { GrantSettlementInput } from './grant-settlement.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

/** Every date is an ISO calendar date 'YYYY-MM-DD'; every amount whole NOK. */
export type DwellingCommand =
  | RegisterDwelling
  | AcquireDwelling
  | RecordRentalHousingGrant
  | RecordConditionAssessment
  | StartRenovation
  | CompleteRenovation
  | ReserveDwelling
  | ReleaseReservation
  | MarkLet
  | MarkVacated
  | MarkForDisposal
  | CancelDisposal
  | SellDwelling
  | EndLeaseIn
  | UpdateDwellingDetails;

/**
 * Every command may come from the property company's sync: then `source` names its record and the
 * version the change brings (see change-source.ts). Left out or null for a caseworker's command.
 */
export interface FromChangeSource {
  source?: ChangeSource | null;
}

/**
 * The day a registration or acquisition is recorded (today in Norway, given by the handler that
 * records it: the decider reads no clock). Its date may lie in the past, never after this day.
 * Left out (only by callers that decide directly, such as the generator and tests) nothing is compared.
 */
export interface RecordedOnDay {
  recordedOn?: string | null;
}

/** Records a dwelling the municipality already has (opening balance), however it got it. */
export interface RegisterDwelling extends DwellingDescription, FromChangeSource, RecordedOnDay {
  type: 'RegisterDwelling';
  dwellingId: string;
  registeredOn: string;
}

/** A dwelling enters the portfolio now: bought, built, leased in or transferred. */
export interface AcquireDwelling extends DwellingDescription, FromChangeSource, RecordedOnDay {
  type: 'AcquireDwelling';
  dwellingId: string;
  acquiredOn: string;
  acquisition: Acquisition;
}

/** A grant not recorded at acquisition: on a registered dwelling, or given later. */
export interface RecordRentalHousingGrant extends FromChangeSource {
  type: 'RecordRentalHousingGrant';
  dwellingId: string;
  grant: RentalHousingGrant;
}

export interface RecordConditionAssessment extends FromChangeSource {
  type: 'RecordConditionAssessment';
  dwellingId: string;
  grade: ConditionGrade;
  buildingPart: string; // e.g. 'roof', 'bathroom', or 'overall' (OVERALL) for the whole dwelling
  assessor: string;
  assessedOn: string;
  reportReference: string;
}

export interface StartRenovation extends FromChangeSource {
  type: 'StartRenovation';
  dwellingId: string;
  startedOn: string;
  scope: string; // what is being done, in words
  expectedCompletionOn: string | null;
}

export interface CompleteRenovation extends FromChangeSource {
  type: 'CompleteRenovation';
  dwellingId: string;
  completedOn: string;
}

/** The dwelling is offered to an applicant and held for them until they answer. */
export interface ReserveDwelling extends FromChangeSource {
  type: 'ReserveDwelling';
  dwellingId: string;
  applicationId: string; // the application (søknad) the offer is made under
  reservedOn: string;
}

export interface ReleaseReservation extends FromChangeSource {
  type: 'ReleaseReservation';
  dwellingId: string;
  applicationId: string; // must be the one the dwelling is reserved for
  releasedOn: string;
  reason: string; // e.g. 'offer declined'
}

/** From the lease side: a lease has started. */
export interface MarkLet extends FromChangeSource {
  type: 'MarkLet';
  dwellingId: string;
  leaseId: string;
  applicationId: string | null; // required to let a reserved dwelling: must be the one it is reserved for
  letOn: string;
}

/** From the lease side: the lease has ended and the tenant moved out. */
export interface MarkVacated extends FromChangeSource {
  type: 'MarkVacated';
  dwellingId: string;
  leaseId: string; // must be the lease the dwelling is let under
  vacatedOn: string;
}

export interface MarkForDisposal extends FromChangeSource {
  type: 'MarkForDisposal';
  dwellingId: string;
  markedOn: string;
  reason: DisposalReason;
  note: string | null; // free text, never required
}

/** The decision to sell is reversed: the dwelling is available again. */
export interface CancelDisposal extends FromChangeSource {
  type: 'CancelDisposal';
  dwellingId: string;
  cancelledOn: string;
  reason: string;
}

export interface SellDwelling extends FromChangeSource {
  type: 'SellDwelling';
  dwellingId: string;
  soldOn: string;
  price: number;
  buyer: Buyer;
  grantSettlement: GrantSettlementInput | null; // required when a grant is outstanding on soldOn
}

export interface EndLeaseIn extends FromChangeSource {
  type: 'EndLeaseIn';
  dwellingId: string;
  endedOn: string;
}

/**
 * Corrects description fields. Only the fields given are changed; a nested field (matrikkel,
 * address) is replaced as a whole.
 */
export interface UpdateDwellingDetails extends FromChangeSource {
  type: 'UpdateDwellingDetails';
  dwellingId: string;
  correctedOn: string;
  changes: Partial<DwellingDescription>;
  reason: string;
}
