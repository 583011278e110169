import { deciderSpecification } from '../../../test/support/decider-specification.js';
import { replay } from '../../shared-kernel/decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import type { ChangeSource } from './change-source.js';
import { DISPOSAL_REASONS } from './disposal.js';
import type { DwellingDescription } from './dwelling-description.js';
import type {
  AcquireDwelling,
  CancelDisposal,
  CompleteRenovation,
  DwellingCommand,
  EndLeaseIn,
  MarkForDisposal,
  MarkLet,
  MarkVacated,
  RecordConditionAssessment,
  RecordRentalHousingGrant,
  RegisterDwelling,
  ReleaseReservation,
  ReserveDwelling,
  SellDwelling,
  StartRenovation,
  UpdateDwellingDetails,
} from './dwelling.commands.js';
import { dwellingDecider, isDuplicateOfApplied, isResendOfApplied } from './dwelling.decider.js';
import type { DwellingEvent } from './dwelling.events.js';
import type { Dwelling, DwellingState } from './dwelling.state.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

const spec = deciderSpecification(dwellingDecider);

// ---- the dwelling ------------------------------------------------------------------------------

const dwellingId = 'dwelling-1';

const description: DwellingDescription = {
  matrikkel: { kommunenummer: '5001', gardsnummer: 405, bruksnummer: 112, festenummer: null, seksjonsnummer: 3 },
  bruksenhetsnummer: 'H0201',
  address: { street: 'Innherredsveien 12', postalCode: '7014', postalTown: 'Trondheim' },
  district: 'Østbyen',
  dwellingType: 'ordinary',
  rooms: 3,
  bedrooms: 2,
  primaryAreaM2: 64.5,
  floor: 2,
  wheelchairAccessible: false,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: true,
  ownership: 'municipal',
  leaseInEndDate: null,
};

const leasedInDescription: DwellingDescription = { ...description, ownership: 'leased-in', leaseInEndDate: '2030-12-31' };

const grant: RentalHousingGrant = { amount: 1_000_000, grantDate: '2015-06-15', writeDownYears: 30 };

/** A change synced from the property company, whose own id of this dwelling is EB-40512. */
const fromCompany = (version: number, reference = 'EB-40512'): ChangeSource => ({ system: 'property-company', reference, version });

// ---- what has happened (given) -----------------------------------------------------------------

const registered: DwellingEvent = {
  type: 'DwellingRegistered',
  data: { ...description, dwellingId, registeredOn: '2025-01-01' },
};
const leasedInRegistered: DwellingEvent = {
  type: 'DwellingRegistered',
  data: { ...leasedInDescription, dwellingId, registeredOn: '2025-01-01' },
};
const boughtWithGrant: DwellingEvent = {
  type: 'DwellingAcquired',
  data: {
    ...description,
    dwellingId,
    acquiredOn: '2015-06-01',
    acquisition: {
      method: 'purchase',
      price: 3_500_000,
      financing: { rentalHousingGrant: grant, husbankenLoan: 2_000_000, ownFunds: 500_000 },
    },
  },
};
const leasedInAcquired: DwellingEvent = {
  type: 'DwellingAcquired',
  data: { ...leasedInDescription, dwellingId, acquiredOn: '2025-01-01', acquisition: { method: 'lease-in', monthlyRent: 14_500 } },
};
const grantRecorded: DwellingEvent = { type: 'RentalHousingGrantRecorded', data: { dwellingId, grant } };
const reserved: DwellingEvent = {
  type: 'DwellingReserved',
  data: { dwellingId, applicationId: 'application-7', reservedOn: '2025-02-01' },
};
const let_: DwellingEvent = {
  type: 'DwellingLet',
  data: { dwellingId, leaseId: 'lease-1', applicationId: 'application-7', letOn: '2025-03-01' },
};
const vacated: DwellingEvent = { type: 'DwellingVacated', data: { dwellingId, leaseId: 'lease-1', vacatedOn: '2026-03-01' } };
const renovationStarted: DwellingEvent = {
  type: 'RenovationStarted',
  data: { dwellingId, startedOn: '2025-04-01', scope: 'New bathroom', expectedCompletionOn: '2025-06-30' },
};
const renovationCompleted: DwellingEvent = { type: 'RenovationCompleted', data: { dwellingId, completedOn: '2025-06-20' } };
const markedForDisposal: DwellingEvent = {
  type: 'DwellingMarkedForDisposal',
  data: { dwellingId, markedOn: '2025-05-01', reason: 'poor-condition', note: 'TG3 on roof and bathroom' },
};
const sold: DwellingEvent = {
  type: 'DwellingSold',
  data: { dwellingId, soldOn: '2025-09-01', price: 2_900_000, buyer: 'open-market', grantOutstanding: 0, grantSettlement: null },
};
const leaseInEnded: DwellingEvent = { type: 'LeaseInEnded', data: { dwellingId, endedOn: '2025-12-31' } };
/** Registered by the property company's sync, at version 5 of its record. */
const registeredFromCompany: DwellingEvent = {
  type: 'DwellingRegistered',
  data: { ...description, dwellingId, registeredOn: '2025-01-01', source: fromCompany(5) },
};

// ---- what is asked (when) ----------------------------------------------------------------------

const register = (change: Partial<RegisterDwelling> = {}): RegisterDwelling => ({
  type: 'RegisterDwelling',
  dwellingId,
  registeredOn: '2025-01-01',
  ...description,
  ...change,
});
const acquire = (change: Partial<AcquireDwelling> = {}): AcquireDwelling => ({
  type: 'AcquireDwelling',
  dwellingId,
  acquiredOn: '2025-01-15',
  ...description,
  acquisition: {
    method: 'purchase',
    price: 3_500_000,
    financing: { rentalHousingGrant: { amount: 700_000, grantDate: '2025-01-10', writeDownYears: 30 }, husbankenLoan: 2_000_000, ownFunds: 800_000 },
  },
  ...change,
});
const recordGrant = (change: Partial<RecordRentalHousingGrant> = {}): RecordRentalHousingGrant => ({
  type: 'RecordRentalHousingGrant',
  dwellingId,
  grant,
  ...change,
});
const assess = (change: Partial<RecordConditionAssessment> = {}): RecordConditionAssessment => ({
  type: 'RecordConditionAssessment',
  dwellingId,
  grade: 'TG3',
  buildingPart: 'bathroom',
  assessor: 'Takst Midt AS',
  assessedOn: '2025-03-10',
  reportReference: 'TR-2025-0311',
  ...change,
});
const startRenovation = (change: Partial<StartRenovation> = {}): StartRenovation => ({
  type: 'StartRenovation',
  dwellingId,
  startedOn: '2025-04-01',
  scope: 'New bathroom',
  expectedCompletionOn: '2025-06-30',
  ...change,
});
const completeRenovation = (change: Partial<CompleteRenovation> = {}): CompleteRenovation => ({
  type: 'CompleteRenovation',
  dwellingId,
  completedOn: '2025-06-20',
  ...change,
});
const reserve = (change: Partial<ReserveDwelling> = {}): ReserveDwelling => ({
  type: 'ReserveDwelling',
  dwellingId,
  applicationId: 'application-7',
  reservedOn: '2025-02-01',
  ...change,
});
const release = (change: Partial<ReleaseReservation> = {}): ReleaseReservation => ({
  type: 'ReleaseReservation',
  dwellingId,
  applicationId: 'application-7',
  releasedOn: '2025-02-10',
  reason: 'offer declined',
  ...change,
});
const markLet = (change: Partial<MarkLet> = {}): MarkLet => ({
  type: 'MarkLet',
  dwellingId,
  leaseId: 'lease-1',
  applicationId: 'application-7',
  letOn: '2025-03-01',
  ...change,
});
const markVacated = (change: Partial<MarkVacated> = {}): MarkVacated => ({
  type: 'MarkVacated',
  dwellingId,
  leaseId: 'lease-1',
  vacatedOn: '2026-03-01',
  ...change,
});
const markForDisposal = (change: Partial<MarkForDisposal> = {}): MarkForDisposal => ({
  type: 'MarkForDisposal',
  dwellingId,
  markedOn: '2025-05-01',
  reason: 'poor-condition',
  note: 'TG3 on roof and bathroom',
  ...change,
});
const cancelDisposal = (change: Partial<CancelDisposal> = {}): CancelDisposal => ({
  type: 'CancelDisposal',
  dwellingId,
  cancelledOn: '2025-06-01',
  reason: 'The council chose to renovate instead',
  ...change,
});
const sell = (change: Partial<SellDwelling> = {}): SellDwelling => ({
  type: 'SellDwelling',
  dwellingId,
  soldOn: '2025-09-01',
  price: 2_900_000,
  buyer: 'open-market',
  grantSettlement: null,
  ...change,
});
const endLeaseIn = (change: Partial<EndLeaseIn> = {}): EndLeaseIn => ({
  type: 'EndLeaseIn',
  dwellingId,
  endedOn: '2025-12-31',
  ...change,
});
const correct = (changes: Partial<DwellingDescription>, change: Partial<UpdateDwellingDetails> = {}): UpdateDwellingDetails => ({
  type: 'UpdateDwellingDetails',
  dwellingId,
  correctedOn: '2025-02-15',
  changes,
  reason: 'Checked against the matrikkel',
  ...change,
});

/** Every command that acts on a dwelling already in the portfolio. */
const commandsOnADwelling: DwellingCommand[] = [
  recordGrant(),
  assess(),
  startRenovation(),
  completeRenovation(),
  reserve(),
  release(),
  markLet(),
  markVacated(),
  markForDisposal(),
  cancelDisposal(),
  sell(),
  endLeaseIn(),
  correct({ rooms: 4 }),
];

const stateAfter = (...history: DwellingEvent[]): DwellingState => replay(dwellingDecider, history);
const dwellingAfter = (...history: DwellingEvent[]): Dwelling => stateAfter(...history) as Dwelling;

function refusal(command: DwellingCommand, ...history: DwellingEvent[]): DomainError {
  try {
    dwellingDecider.decide(command, stateAfter(...history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}

// ---- specifications ----------------------------------------------------------------------------

describe('RegisterDwelling', () => {
  it('records an existing dwelling of the stock, available from its registration', () => {
    spec.given().when(register()).then(registered);
    expect(dwellingAfter(registered)).toMatchObject({
      status: 'available',
      enteredPortfolioOn: '2025-01-01',
      acquisition: null,
      rentalHousingGrants: [],
      description,
    });
  });

  it('records a leased-in dwelling with the end of its lease-in', () =>
    spec.given().when(register(leasedInDescription)).then(leasedInRegistered));

  it('refuses a dwelling already registered', () => spec.given(registered).when(register()).thenThrows('DWELLING_EXISTS'));

  it('refuses a dwelling already acquired', () => spec.given(boughtWithGrant).when(register()).thenThrows('DWELLING_EXISTS'));

  it('refuses a conflict, not bad input, when the dwelling exists', () =>
    expect(refusal(register(), registered).category).toBe('CONFLICT'));

  it('never reuses the id of a sold dwelling', () =>
    spec.given(registered, markedForDisposal, sold).when(register()).thenThrows('DWELLING_SOLD'));

  it('refuses a registration date that is no calendar date', () =>
    spec.given().when(register({ registeredOn: '2025-02-30' })).thenThrows('INVALID_DATE', 'registeredOn'));

  it('refuses an empty dwelling id', () => spec.given().when(register({ dwellingId: ' ' })).thenThrows('FIELD_REQUIRED', 'dwellingId'));

  it('records a registration dated on or before the day it is recorded', () => {
    spec.given().when(register({ recordedOn: '2025-01-01' })).then(registered);
    spec.given().when(register({ registeredOn: '2020-06-30', recordedOn: '2026-12-08' })).thenMatches({ type: 'DwellingRegistered', data: { registeredOn: '2020-06-30' } });
  });

  it('refuses a registration dated after the day it is recorded, naming registeredOn', () => {
    spec.given().when(register({ registeredOn: '2099-01-01', recordedOn: '2026-12-08' })).thenThrows('DATE_OUT_OF_ORDER', 'registeredOn');
    spec.given().when(register({ registeredOn: '2026-12-09', recordedOn: '2026-12-08' })).thenThrows('DATE_OUT_OF_ORDER', 'registeredOn');
    expect(refusal(register({ registeredOn: '2099-01-01', recordedOn: '2026-12-08' })).message).toMatch(/2026-12-08/);
  });

  it('refuses a recording day that is no calendar date', () =>
    spec.given().when(register({ recordedOn: '8.12.2026' })).thenThrows('INVALID_DATE', 'recordedOn'));

  it('refuses an invalid description, naming the field', () => {
    spec.given().when(register({ bedrooms: 4 })).thenThrows('FIELD_OUT_OF_RANGE', 'bedrooms');
    spec
      .given()
      .when(register({ matrikkel: { ...description.matrikkel, gardsnummer: 0 } }))
      .thenThrows('INVALID_MATRIKKEL', 'matrikkel.gardsnummer');
    spec.given().when(register({ bruksenhetsnummer: 'H01' })).thenThrows('INVALID_BRUKSENHETSNUMMER', 'bruksenhetsnummer');
    spec.given().when(register({ ownership: 'leased-in' })).thenThrows('FIELD_REQUIRED', 'leaseInEndDate');
  });
});

describe('AcquireDwelling', () => {
  it('records a purchase with its Husbanken financing, and the grant starts its write-down', () => {
    const command = acquire();
    const { type: _type, source: _source, ...data } = command;
    spec.given().when(command).then({ type: 'DwellingAcquired', data });
    expect(dwellingAfter({ type: 'DwellingAcquired', data })).toMatchObject({
      status: 'available',
      enteredPortfolioOn: '2025-01-15',
      rentalHousingGrants: [{ amount: 700_000, grantDate: '2025-01-10', writeDownYears: 30 }],
    });
  });

  it('records a new build', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'new-build', price: 4_200_000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 4_200_000 } } }))
      .thenMatches({ type: 'DwellingAcquired', data: { acquisition: { method: 'new-build', price: 4_200_000 } } }));

  it('records a transfer from another public body, which may be free', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'transfer', price: 0, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 0 } } }))
      .thenMatches({ type: 'DwellingAcquired', data: { acquisition: { method: 'transfer', price: 0 } } }));

  it('records a lease-in with the monthly rent paid to the owner', () =>
    spec
      .given()
      .when(acquire({ ...leasedInDescription, acquiredOn: '2025-01-01', acquisition: { method: 'lease-in', monthlyRent: 14_500 } }))
      .then(leasedInAcquired));

  it('refuses a dwelling already in the portfolio', () => spec.given(registered).when(acquire()).thenThrows('DWELLING_EXISTS'));

  it('refuses an acquisition dated after the day it is recorded, naming acquiredOn', () => {
    spec.given().when(acquire({ acquiredOn: '2027-01-01', recordedOn: '2026-12-08' })).thenThrows('DATE_OUT_OF_ORDER', 'acquiredOn');
    spec.given().when(acquire({ acquiredOn: '2026-12-08', recordedOn: '2026-12-08' })).thenMatches({ type: 'DwellingAcquired' });
  });

  it('refuses a lease-in of a dwelling the municipality would own', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'lease-in', monthlyRent: 14_500 } }))
      .thenThrows('OWNERSHIP_CONFLICTS_WITH_ACQUISITION', 'acquisition.method'));

  it('refuses a purchase of a dwelling described as leased in', () =>
    spec.given().when(acquire(leasedInDescription)).thenThrows('OWNERSHIP_CONFLICTS_WITH_ACQUISITION', 'acquisition.method'));

  it('refuses a purchase without a price', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'purchase', price: 0, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 0 } } }))
      .thenThrows('INVALID_AMOUNT', 'acquisition.price'));

  it('refuses amounts in øre: money is whole kroner', () =>
    spec
      .given()
      .when(acquire({ ...leasedInDescription, acquisition: { method: 'lease-in', monthlyRent: 14_500.5 } }))
      .thenThrows('INVALID_AMOUNT', 'acquisition.monthlyRent'));

  it('refuses a negative Husbanken loan', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'purchase', price: 1, financing: { rentalHousingGrant: null, husbankenLoan: -1, ownFunds: 0 } } }))
      .thenThrows('INVALID_AMOUNT', 'acquisition.financing.husbankenLoan'));

  it('refuses a grant written down over other than 30 or 20 years', () =>
    spec
      .given()
      .when(
        acquire({
          acquisition: {
            method: 'purchase',
            price: 3_500_000,
            financing: { rentalHousingGrant: { ...grant, writeDownYears: 25 as 30 }, husbankenLoan: 0, ownFunds: 0 },
          },
        }),
      )
      .thenThrows('INVALID_OPTION', 'acquisition.financing.rentalHousingGrant.writeDownYears'));

  it('refuses an unknown way of acquiring', () =>
    spec
      .given()
      .when(acquire({ acquisition: { method: 'gift' } as unknown as AcquireDwelling['acquisition'] }))
      .thenThrows('INVALID_OPTION', 'acquisition.method'));
});

describe('RecordRentalHousingGrant', () => {
  it('records a grant on a dwelling registered without one', () => {
    spec.given(registered).when(recordGrant()).then(grantRecorded);
    expect(dwellingAfter(registered, grantRecorded).rentalHousingGrants).toEqual([grant]);
  });

  it('refuses a grant on a leased-in dwelling, which the municipality does not own', () =>
    spec.given(leasedInRegistered).when(recordGrant()).thenThrows('DWELLING_LEASED_IN'));

  it('refuses a grant of nothing', () =>
    spec.given(registered).when(recordGrant({ grant: { ...grant, amount: 0 } })).thenThrows('INVALID_AMOUNT', 'grant.amount'));

  it('refuses a grant date that is no calendar date', () =>
    spec.given(registered).when(recordGrant({ grant: { ...grant, grantDate: '2015-6-15' } })).thenThrows('INVALID_DATE', 'grant.grantDate'));
});

describe('RecordConditionAssessment', () => {
  it('records a condition grade for a building part', () =>
    spec
      .given(registered)
      .when(assess())
      .then({
        type: 'ConditionAssessmentRecorded',
        data: {
          dwellingId,
          grade: 'TG3',
          buildingPart: 'bathroom',
          assessor: 'Takst Midt AS',
          assessedOn: '2025-03-10',
          reportReference: 'TR-2025-0311',
        },
      }));

  it('records an assessment of a let dwelling: the tenant stays', () =>
    spec.given(registered, let_).when(assess({ grade: 'TGIU', buildingPart: 'overall' })).thenMatches({ type: 'ConditionAssessmentRecorded' }));

  it('keeps the most recent assessment of each part, even when an older report is recorded late', () => {
    const assessed = (grade: 'TG1' | 'TG2' | 'TG3', assessedOn: string): DwellingEvent => ({
      type: 'ConditionAssessmentRecorded',
      data: { dwellingId, grade, buildingPart: 'roof', assessor: 'Takst Midt AS', assessedOn, reportReference: `TR-${assessedOn}` },
    });
    expect(dwellingAfter(registered, assessed('TG3', '2025-03-10'), assessed('TG1', '2023-01-05')).conditionByBuildingPart.roof)
      .toMatchObject({ grade: 'TG3', assessedOn: '2025-03-10' });
    expect(dwellingAfter(registered, assessed('TG3', '2025-03-10'), assessed('TG2', '2025-08-01')).conditionByBuildingPart.roof)
      .toMatchObject({ grade: 'TG2', assessedOn: '2025-08-01' });
  });

  it('refuses a grade outside NS 3600', () =>
    spec.given(registered).when(assess({ grade: 'TG4' as 'TG3' })).thenThrows('INVALID_OPTION', 'grade'));

  it('refuses an assessment without a report reference', () =>
    spec.given(registered).when(assess({ reportReference: '' })).thenThrows('FIELD_REQUIRED', 'reportReference'));

  it('refuses an assessment without an assessor', () =>
    spec.given(registered).when(assess({ assessor: ' ' })).thenThrows('FIELD_REQUIRED', 'assessor'));

  it('refuses an assessment date that is no calendar date', () =>
    spec.given(registered).when(assess({ assessedOn: '10.03.2025' })).thenThrows('INVALID_DATE', 'assessedOn'));
});

describe('StartRenovation', () => {
  it('takes an available dwelling out of use while it is renovated', () => {
    spec.given(registered).when(startRenovation()).then(renovationStarted);
    expect(dwellingAfter(registered, renovationStarted).status).toBe('under-renovation');
  });

  it('may leave the expected completion open', () =>
    spec
      .given(registered)
      .when(startRenovation({ expectedCompletionOn: null }))
      .thenMatches({ type: 'RenovationStarted', data: { expectedCompletionOn: null } }));

  it('refuses to renovate a let dwelling', () => spec.given(registered, let_).when(startRenovation()).thenThrows('DWELLING_LET'));

  it('tells the caseworker to end or move the lease first', () =>
    expect(refusal(startRenovation(), registered, let_).message).toBe(
      'Dwelling dwelling-1 is let under lease lease-1 since 2025-03-01. End or move the lease before starting a renovation.',
    ));

  it('refuses to renovate a dwelling reserved for an applicant', () =>
    spec.given(registered, reserved).when(startRenovation()).thenThrows('DWELLING_RESERVED'));

  it('refuses a second renovation while one is under way', () =>
    spec.given(registered, renovationStarted).when(startRenovation()).thenThrows('DWELLING_UNDER_RENOVATION'));

  it('refuses to renovate a dwelling marked for disposal', () =>
    spec.given(registered, markedForDisposal).when(startRenovation()).thenThrows('DWELLING_MARKED_FOR_DISPOSAL'));

  it('refuses an expected completion before the start', () =>
    spec
      .given(registered)
      .when(startRenovation({ expectedCompletionOn: '2025-03-31' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'expectedCompletionOn'));

  it('refuses a renovation without a scope', () =>
    spec.given(registered).when(startRenovation({ scope: '' })).thenThrows('FIELD_REQUIRED', 'scope'));
});

describe('CompleteRenovation', () => {
  it('makes the renovated dwelling available again', () => {
    spec.given(registered, renovationStarted).when(completeRenovation()).then(renovationCompleted);
    expect(dwellingAfter(registered, renovationStarted, renovationCompleted)).toMatchObject({ status: 'available', renovation: null });
  });

  it('refuses to complete a renovation that never started', () =>
    spec.given(registered).when(completeRenovation()).thenThrows('NOT_UNDER_RENOVATION'));

  it('refuses a completion before the start', () =>
    spec
      .given(registered, renovationStarted)
      .when(completeRenovation({ completedOn: '2025-03-31' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'completedOn'));
});

describe('ReserveDwelling', () => {
  it('holds an available dwelling for the applicant it is offered to', () => {
    spec.given(registered).when(reserve()).then(reserved);
    expect(dwellingAfter(registered, reserved)).toMatchObject({
      status: 'reserved',
      reservation: { applicationId: 'application-7', reservedOn: '2025-02-01' },
    });
  });

  it('reserves a dwelling again once its tenant has moved out', () =>
    spec.given(registered, let_, vacated).when(reserve({ reservedOn: '2026-03-05' })).thenMatches({ type: 'DwellingReserved' }));

  it('refuses a dwelling already reserved for someone', () =>
    spec.given(registered, reserved).when(reserve({ applicationId: 'application-8' })).thenThrows('DWELLING_RESERVED'));

  it('refuses a let dwelling', () => spec.given(registered, let_).when(reserve()).thenThrows('DWELLING_LET'));

  it('refuses a dwelling under renovation', () =>
    spec.given(registered, renovationStarted).when(reserve()).thenThrows('DWELLING_UNDER_RENOVATION'));

  it('refuses a dwelling marked for disposal', () =>
    spec.given(registered, markedForDisposal).when(reserve()).thenThrows('DWELLING_MARKED_FOR_DISPOSAL'));

  it('refuses a reservation without an application', () =>
    spec.given(registered).when(reserve({ applicationId: '' })).thenThrows('FIELD_REQUIRED', 'applicationId'));

  it('refuses a reservation dated before the dwelling entered the register', () => {
    spec.given(registered).when(reserve({ reservedOn: '2024-12-31' })).thenThrows('DATE_OUT_OF_ORDER', 'reservedOn');
    spec.given(leasedInAcquired).when(reserve({ reservedOn: '2024-12-31' })).thenThrows('DATE_OUT_OF_ORDER', 'reservedOn');
  });

  it('reserves a dwelling on the day it entered the register', () =>
    spec.given(registered).when(reserve({ reservedOn: '2025-01-01' })).thenMatches({ type: 'DwellingReserved' }));
});

describe('ReleaseReservation', () => {
  it('makes the dwelling available again when the applicant does not take it', () => {
    const released: DwellingEvent = {
      type: 'ReservationReleased',
      data: { dwellingId, applicationId: 'application-7', releasedOn: '2025-02-10', reason: 'offer declined' },
    };
    spec.given(registered, reserved).when(release()).then(released);
    expect(dwellingAfter(registered, reserved, released)).toMatchObject({ status: 'available', reservation: null });
  });

  it('refuses to release a dwelling that is not reserved', () =>
    spec.given(registered).when(release()).thenThrows('NOT_RESERVED'));

  it('refuses a release by another application than the one it is held for', () =>
    spec.given(registered, reserved).when(release({ applicationId: 'application-8' })).thenThrows('RESERVED_FOR_ANOTHER_APPLICATION'));

  it('refuses a release before the reservation', () =>
    spec.given(registered, reserved).when(release({ releasedOn: '2025-01-31' })).thenThrows('DATE_OUT_OF_ORDER', 'releasedOn'));

  it('refuses a release without a reason', () =>
    spec.given(registered, reserved).when(release({ reason: ' ' })).thenThrows('FIELD_REQUIRED', 'reason'));
});

describe('MarkLet', () => {
  it('lets a reserved dwelling to the application it is held for', () => {
    spec.given(registered, reserved).when(markLet()).then(let_);
    expect(dwellingAfter(registered, reserved, let_)).toMatchObject({
      status: 'let',
      reservation: null,
      tenancy: { leaseId: 'lease-1', applicationId: 'application-7', letOn: '2025-03-01' },
    });
  });

  it('lets an available dwelling without an application, e.g. a tenant moving between municipal dwellings', () =>
    spec
      .given(registered)
      .when(markLet({ applicationId: null }))
      .then({ type: 'DwellingLet', data: { dwellingId, leaseId: 'lease-1', applicationId: null, letOn: '2025-03-01' } }));

  it('records a lease that started before the dwelling was registered (opening balance)', () =>
    spec.given(registered).when(markLet({ letOn: '2019-08-01' })).thenMatches({ type: 'DwellingLet', data: { letOn: '2019-08-01' } }));

  it('refuses to let a reserved dwelling to another application', () =>
    spec.given(registered, reserved).when(markLet({ applicationId: 'application-8' })).thenThrows('RESERVED_FOR_ANOTHER_APPLICATION'));

  it('refuses to let a reserved dwelling under a lease without an application', () =>
    spec.given(registered, reserved).when(markLet({ applicationId: null })).thenThrows('RESERVED_FOR_ANOTHER_APPLICATION'));

  it('refuses a dwelling already let', () =>
    spec.given(registered, let_).when(markLet({ leaseId: 'lease-2' })).thenThrows('DWELLING_LET'));

  it('refuses a dwelling under renovation', () =>
    spec.given(registered, renovationStarted).when(markLet()).thenThrows('DWELLING_UNDER_RENOVATION'));

  it('refuses a dwelling marked for disposal', () =>
    spec.given(registered, markedForDisposal).when(markLet()).thenThrows('DWELLING_MARKED_FOR_DISPOSAL'));

  it('refuses a lease starting before the reservation it comes from', () =>
    spec.given(registered, reserved).when(markLet({ letOn: '2025-01-31' })).thenThrows('DATE_OUT_OF_ORDER', 'letOn'));

  it('refuses a lease without an id', () =>
    spec.given(registered).when(markLet({ leaseId: '' })).thenThrows('FIELD_REQUIRED', 'leaseId'));
});

describe('MarkVacated', () => {
  it('makes the dwelling available when the tenant has moved out', () => {
    spec.given(registered, let_).when(markVacated()).then(vacated);
    expect(dwellingAfter(registered, let_, vacated)).toMatchObject({ status: 'available', tenancy: null });
  });

  it('refuses a dwelling that is not let', () => spec.given(registered).when(markVacated()).thenThrows('NOT_LET'));

  it('refuses the end of another lease than the one the dwelling is let under', () =>
    spec.given(registered, let_).when(markVacated({ leaseId: 'lease-9' })).thenThrows('LET_UNDER_ANOTHER_LEASE'));

  it('refuses a move-out before the lease started', () =>
    spec.given(registered, let_).when(markVacated({ vacatedOn: '2025-02-28' })).thenThrows('DATE_OUT_OF_ORDER', 'vacatedOn'));
});

describe('MarkForDisposal', () => {
  it('sets an available dwelling of poor condition aside for sale', () => {
    spec.given(registered).when(markForDisposal()).then(markedForDisposal);
    expect(dwellingAfter(registered, markedForDisposal)).toMatchObject({
      status: 'marked-for-disposal',
      disposal: { markedOn: '2025-05-01', reason: 'poor-condition' },
    });
  });

  it.each(DISPOSAL_REASONS)("records the reason '%s'", (reason) =>
    spec.given(registered).when(markForDisposal({ reason })).thenMatches({ type: 'DwellingMarkedForDisposal', data: { reason } }));

  it('records concentration: too many households with heavy needs in one building', () =>
    spec
      .given(registered)
      .when(markForDisposal({ reason: 'concentration', note: 'Six of eight units in the building let to tenants with follow-up' }))
      .thenMatches({
        type: 'DwellingMarkedForDisposal',
        data: { reason: 'concentration', note: 'Six of eight units in the building let to tenants with follow-up' },
      }));

  it.each(DISPOSAL_REASONS)("never requires a note, not even for '%s'", (reason) =>
    spec
      .given(registered)
      .when(markForDisposal({ reason, note: null }))
      .thenMatches({ type: 'DwellingMarkedForDisposal', data: { reason, note: null } }));

  it('refuses a blank note: leave it out instead', () =>
    spec.given(registered).when(markForDisposal({ note: '  ' })).thenThrows('FIELD_REQUIRED', 'note'));

  it.each(['other', 'unsuitable-for-target-group', 'portfolio-restructuring', 'too-old'])("refuses the unknown reason '%s'", (reason) =>
    spec.given(registered).when(markForDisposal({ reason: reason as 'strategic' })).thenThrows('INVALID_OPTION', 'reason'));

  it('refuses to dispose of a let dwelling', () => spec.given(registered, let_).when(markForDisposal()).thenThrows('DWELLING_LET'));

  it('refuses to dispose of a dwelling reserved for an applicant', () =>
    spec.given(registered, reserved).when(markForDisposal()).thenThrows('DWELLING_RESERVED'));

  it('refuses to dispose of a dwelling under renovation', () =>
    spec.given(registered, renovationStarted).when(markForDisposal()).thenThrows('DWELLING_UNDER_RENOVATION'));

  it('refuses a dwelling already marked for disposal', () =>
    spec.given(registered, markedForDisposal).when(markForDisposal()).thenThrows('DWELLING_MARKED_FOR_DISPOSAL'));

  it('refuses a leased-in dwelling: its lease-in is ended instead', () =>
    spec.given(leasedInRegistered).when(markForDisposal()).thenThrows('DWELLING_LEASED_IN'));
});

describe('CancelDisposal', () => {
  it('makes the dwelling available again when the decision to sell is reversed', () => {
    const cancelled: DwellingEvent = {
      type: 'DisposalCancelled',
      data: { dwellingId, cancelledOn: '2025-06-01', reason: 'The council chose to renovate instead' },
    };
    spec.given(registered, markedForDisposal).when(cancelDisposal()).then(cancelled);
    expect(dwellingAfter(registered, markedForDisposal, cancelled)).toMatchObject({ status: 'available', disposal: null });
  });

  it('refuses a dwelling not marked for disposal', () =>
    spec.given(registered).when(cancelDisposal()).thenThrows('NOT_MARKED_FOR_DISPOSAL'));

  it('refuses a cancellation before the decision', () =>
    spec
      .given(registered, markedForDisposal)
      .when(cancelDisposal({ cancelledOn: '2025-04-30' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'cancelledOn'));
});

describe('SellDwelling', () => {
  it('sells a dwelling marked for disposal on the open market, and it leaves the portfolio', () => {
    spec.given(registered, markedForDisposal).when(sell()).then(sold);
    expect(dwellingAfter(registered, markedForDisposal, sold)).toMatchObject({ status: 'sold', leftPortfolioOn: '2025-09-01' });
  });

  it('sells a dwelling marked for disposal to another buyer, e.g. another public body', () =>
    spec
      .given(registered, markedForDisposal)
      .when(sell({ buyer: 'other', price: 0 }))
      .thenMatches({ type: 'DwellingSold', data: { buyer: 'other', price: 0 } }));

  it('sells a let dwelling to its sitting tenant without a disposal decision ("fra leie til eie")', () => {
    spec
      .given(registered, let_)
      .when(sell({ buyer: 'sitting-tenant' }))
      .thenMatches({ type: 'DwellingSold', data: { buyer: 'sitting-tenant' } });
  });

  it('refuses to sell a let dwelling on the open market', () =>
    spec.given(registered, let_).when(sell({ buyer: 'open-market' })).thenThrows('DWELLING_LET'));

  it('refuses to sell a let dwelling to another buyer', () =>
    spec.given(registered, let_).when(sell({ buyer: 'other' })).thenThrows('DWELLING_LET'));

  it('refuses a sale to a sitting tenant when nobody lives there', () =>
    spec.given(registered, markedForDisposal).when(sell({ buyer: 'sitting-tenant' })).thenThrows('NO_SITTING_TENANT'));

  it('refuses to sell a dwelling not marked for disposal', () =>
    spec.given(registered).when(sell()).thenThrows('NOT_MARKED_FOR_DISPOSAL'));

  it('refuses to sell a reserved dwelling, which is not marked for disposal', () =>
    spec.given(registered, reserved).when(sell()).thenThrows('NOT_MARKED_FOR_DISPOSAL'));

  it('refuses to sell a leased-in dwelling, which the municipality does not own', () =>
    spec.given(leasedInRegistered).when(sell()).thenThrows('DWELLING_LEASED_IN'));

  it('refuses a sale before the decision to dispose', () =>
    spec.given(registered, markedForDisposal).when(sell({ soldOn: '2025-04-30' })).thenThrows('DATE_OUT_OF_ORDER', 'soldOn'));

  it.each(['neighbour', 'other-public-body'])("refuses the unknown buyer '%s'", (buyer) =>
    spec.given(registered, markedForDisposal).when(sell({ buyer: buyer as 'other' })).thenThrows('INVALID_OPTION', 'buyer'));

  describe('with a Husbanken rental-housing grant (1,000,000 NOK on 2015-06-15, 30 years)', () => {
    const withGrant = [registered, grantRecorded, markedForDisposal] as const;
    const repayment = (amount: number | null, overrideJustification: string | null = null) =>
      ({ kind: 'repayment', amount, overrideJustification }) as const;
    const consent = { kind: 'husbanken-consent', consentReference: 'HB-2025-44871', consentDate: '2025-08-20' } as const;

    it('refuses a sale without settling the grant not yet written down', () =>
      spec.given(...withGrant).when(sell()).thenThrows('GRANT_OUTSTANDING', 'grantSettlement'));

    it('says how much is outstanding on the sale date', () =>
      expect(refusal(sell(), ...withGrant).message).toContain(
        '666667 NOK of Husbanken\'s rental-housing grant not yet written down on 2025-09-01',
      ));

    it('counts a grant given with the purchase', () =>
      spec.given(boughtWithGrant, markedForDisposal).when(sell()).thenThrows('GRANT_OUTSTANDING'));

    it('applies to a sale to the sitting tenant too', () =>
      spec.given(registered, grantRecorded, let_).when(sell({ buyer: 'sitting-tenant' })).thenThrows('GRANT_OUTSTANDING'));

    it('repays the computed outstanding amount when no amount is given, and the sale records both', () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(null) }))
        .then({
          type: 'DwellingSold',
          data: {
            dwellingId,
            soldOn: '2025-09-01',
            price: 2_900_000,
            buyer: 'open-market',
            grantOutstanding: 666_667,
            grantSettlement: { kind: 'repayment', computedAmount: 666_667, amount: 666_667, overrideJustification: null },
          },
        }));

    it('repays the computed amount given explicitly without a justification', () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(666_667) }))
        .thenMatches({ type: 'DwellingSold', data: { grantSettlement: { computedAmount: 666_667, amount: 666_667 } } }));

    it('counts only completed years: a thirtieth more is outstanding the day before the tenth anniversary', () => {
      spec
        .given(...withGrant)
        .when(sell({ soldOn: '2025-06-14', grantSettlement: repayment(null) }))
        .thenMatches({ type: 'DwellingSold', data: { grantOutstanding: 700_000, grantSettlement: { computedAmount: 700_000, amount: 700_000 } } });
      spec
        .given(...withGrant)
        .when(sell({ soldOn: '2025-06-15', grantSettlement: repayment(null) }))
        .thenMatches({ type: 'DwellingSold', data: { grantOutstanding: 666_667, grantSettlement: { computedAmount: 666_667, amount: 666_667 } } });
    });

    it.each([
      ['less', 666_666],
      ['more', 700_000],
      ['nothing', 0],
    ])('refuses to repay %s than the computed amount without a justification', (_word, amount) =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(amount) }))
        .thenThrows('REPAYMENT_OVERRIDE_NEEDS_JUSTIFICATION', 'grantSettlement.overrideJustification'));

    it('tells the caseworker the computed amount when the repayment differs from it, as a field to fill in', () => {
      expect(refusal(sell({ grantSettlement: repayment(600_000) }), ...withGrant).category).toBe('BAD_USER_INPUT');
      expect(refusal(sell({ grantSettlement: repayment(600_000) }), ...withGrant).message).toBe(
        "The grant repayment computed for dwelling dwelling-1 on 2025-09-01 is 666667 NOK, but 600000 NOK is recorded. Say why a different amount is repaid (e.g. Husbanken's own claim), or record the computed amount.",
      );
    });

    it('treats a blank justification as none', () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(600_000, '  ') }))
        .thenThrows('REPAYMENT_OVERRIDE_NEEDS_JUSTIFICATION', 'grantSettlement.overrideJustification'));

    it('repays another amount with its justification, and the sale records it beside the computed amount', () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(650_000, " Husbanken's claim of 2025-08-12 counts from the disbursement date ") }))
        .thenMatches({
          type: 'DwellingSold',
          data: {
            grantOutstanding: 666_667,
            grantSettlement: {
              kind: 'repayment',
              computedAmount: 666_667,
              amount: 650_000,
              overrideJustification: "Husbanken's claim of 2025-08-12 counts from the disbursement date",
            },
          },
        }));

    it.each([-1, 666_666.5])('refuses a repayment of %s: whole kroner, 0 or more', (amount) =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: repayment(amount, 'Husbanken claim') }))
        .thenThrows('INVALID_AMOUNT', 'grantSettlement.amount'));

    it("sells with Husbanken's written consent instead of a repayment, and the sale records the consent", () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: consent }))
        .thenMatches({ type: 'DwellingSold', data: { grantOutstanding: 666_667, grantSettlement: consent } }));

    it("refuses Husbanken's consent without its reference", () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: { ...consent, consentReference: ' ' } }))
        .thenThrows('FIELD_REQUIRED', 'grantSettlement.consentReference'));

    it("refuses Husbanken's consent without a consent date", () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: { ...consent, consentDate: '20.08.2025' } }))
        .thenThrows('INVALID_DATE', 'grantSettlement.consentDate'));

    it('refuses a settlement of no known kind, such as the old { repaid } shape', () =>
      spec
        .given(...withGrant)
        .when(sell({ grantSettlement: { repaid: 666_667 } as unknown as SellDwelling['grantSettlement'] }))
        .thenThrows('INVALID_OPTION', 'grantSettlement.kind'));

    it('needs no settlement once the grant is fully written down', () =>
      spec
        .given(...withGrant)
        .when(sell({ soldOn: '2045-06-15' }))
        .thenMatches({ type: 'DwellingSold', data: { grantOutstanding: 0, grantSettlement: null } }));

    it('records a settlement given when nothing is outstanding: it is harmless', () => {
      spec
        .given(...withGrant)
        .when(sell({ soldOn: '2045-06-15', grantSettlement: repayment(null) }))
        .thenMatches({
          type: 'DwellingSold',
          data: { grantOutstanding: 0, grantSettlement: { kind: 'repayment', computedAmount: 0, amount: 0, overrideJustification: null } },
        });
      spec
        .given(registered, markedForDisposal)
        .when(sell({ grantSettlement: consent }))
        .thenMatches({ type: 'DwellingSold', data: { grantOutstanding: 0, grantSettlement: consent } });
    });

    it('needs a justification to repay anything when nothing is outstanding', () =>
      spec
        .given(registered, markedForDisposal)
        .when(sell({ grantSettlement: repayment(10_000) }))
        .thenThrows('REPAYMENT_OVERRIDE_NEEDS_JUSTIFICATION', 'grantSettlement.overrideJustification'));
  });

  describe('a sold dwelling has left the portfolio', () => {
    it.each(commandsOnADwelling.map((command) => [command.type, command] as const))('refuses %s', (_type, command) =>
      spec.given(registered, markedForDisposal, sold).when(command).thenThrows('DWELLING_SOLD'));

    it('refuses acquiring it again under the same id', () =>
      spec.given(registered, markedForDisposal, sold).when(acquire()).thenThrows('DWELLING_SOLD'));
  });
});

describe('EndLeaseIn', () => {
  it('returns a leased-in dwelling to its owner, and it leaves the portfolio', () => {
    spec.given(leasedInAcquired).when(endLeaseIn()).then(leaseInEnded);
    expect(dwellingAfter(leasedInAcquired, leaseInEnded)).toMatchObject({ status: 'lease-in-ended', leftPortfolioOn: '2025-12-31' });
  });

  it('ends the lease-in of a dwelling under renovation', () =>
    spec.given(leasedInRegistered, renovationStarted).when(endLeaseIn()).then(leaseInEnded));

  it('refuses while the dwelling is let', () => spec.given(leasedInRegistered, let_).when(endLeaseIn()).thenThrows('DWELLING_LET'));

  it('refuses while the dwelling is reserved for an applicant', () =>
    spec.given(leasedInRegistered, reserved).when(endLeaseIn()).thenThrows('DWELLING_RESERVED'));

  it('refuses a dwelling the municipality owns', () => spec.given(registered).when(endLeaseIn()).thenThrows('NOT_LEASED_IN'));

  it("refuses while Husbanken's grant is outstanding (a dwelling corrected to leased-in before that was refused)", () => {
    const correctedToLeasedIn: DwellingEvent = {
      type: 'DwellingDetailsUpdated',
      data: { dwellingId, correctedOn: '2024-01-01', changes: { ownership: 'leased-in', leaseInEndDate: '2030-12-31' }, reason: 'recorded before the rule' },
    };
    spec.given(registered, grantRecorded, correctedToLeasedIn).when(endLeaseIn()).thenThrows('GRANT_OUTSTANDING', 'endedOn');
  });

  it('refuses an end date that is no calendar date', () =>
    spec.given(leasedInRegistered).when(endLeaseIn({ endedOn: '2025-12-32' })).thenThrows('INVALID_DATE', 'endedOn'));

  describe('a dwelling whose lease-in has ended has left the portfolio', () => {
    it.each(commandsOnADwelling.map((command) => [command.type, command] as const))('refuses %s', (_type, command) =>
      spec.given(leasedInRegistered, leaseInEnded).when(command).thenThrows('LEASE_IN_ENDED'));

    it('refuses registering it again under the same id', () =>
      spec.given(leasedInRegistered, leaseInEnded).when(register()).thenThrows('LEASE_IN_ENDED'));
  });
});

describe('UpdateDwellingDetails', () => {
  it('records only the fields whose value changes', () => {
    const updated: DwellingEvent = {
      type: 'DwellingDetailsUpdated',
      data: { dwellingId, correctedOn: '2025-02-15', changes: { rooms: 4, wheelchairAccessible: true }, reason: 'Checked against the matrikkel' },
    };
    spec.given(registered).when(correct({ rooms: 4, bedrooms: 2, wheelchairAccessible: true })).then(updated);
    expect(dwellingAfter(registered, updated).description).toEqual({ ...description, rooms: 4, wheelchairAccessible: true });
  });

  it('records nothing when the correction changes nothing, so a repeated correction is harmless', () =>
    spec.given(registered).when(correct({ rooms: 3, district: 'Østbyen' })).then());

  it('records nothing when a nested field is given again with its keys in another order, as read back from the database', () => {
    const { matrikkel, address } = description;
    const readBack: DwellingEvent = {
      type: 'DwellingRegistered',
      data: {
        ...description,
        matrikkel: { bruksnummer: matrikkel.bruksnummer, festenummer: null, gardsnummer: matrikkel.gardsnummer, kommunenummer: matrikkel.kommunenummer, seksjonsnummer: matrikkel.seksjonsnummer },
        address: { postalCode: address.postalCode, postalTown: address.postalTown, street: address.street },
        dwellingId,
        registeredOn: '2025-01-01',
      },
    };
    spec.given(readBack).when(correct({ matrikkel, address, rooms: 3 })).then();
  });

  it('replaces the matrikkel as a whole', () =>
    spec
      .given(registered)
      .when(correct({ matrikkel: { kommunenummer: '5001', gardsnummer: 405, bruksnummer: 113, festenummer: null, seksjonsnummer: null } }))
      .thenMatches({
        type: 'DwellingDetailsUpdated',
        data: { changes: { matrikkel: { kommunenummer: '5001', gardsnummer: 405, bruksnummer: 113, festenummer: null, seksjonsnummer: null } } },
      }));

  it('extends a lease-in by correcting its end date', () =>
    spec
      .given(leasedInAcquired)
      .when(correct({ leaseInEndDate: '2033-12-31' }))
      .thenMatches({ type: 'DwellingDetailsUpdated', data: { changes: { leaseInEndDate: '2033-12-31' } } }));

  it('corrects a let dwelling: the description does not depend on the status', () =>
    spec.given(registered, let_).when(correct({ floor: 3 })).thenMatches({ type: 'DwellingDetailsUpdated', data: { changes: { floor: 3 } } }));

  it('refuses a correction that leaves the description invalid, naming the field', () =>
    spec.given(registered).when(correct({ rooms: 1 })).thenThrows('FIELD_OUT_OF_RANGE', 'changes.bedrooms'));

  it('refuses to make a dwelling leased in without the end of its lease-in', () =>
    spec.given(registered).when(correct({ ownership: 'leased-in' })).thenThrows('FIELD_REQUIRED', 'changes.leaseInEndDate'));

  it('corrects the ownership of a registered dwelling, whose acquisition is not known', () =>
    spec
      .given(registered)
      .when(correct({ ownership: 'property-company' }))
      .thenMatches({ type: 'DwellingDetailsUpdated', data: { changes: { ownership: 'property-company' } } }));

  it('refuses an ownership that contradicts how the dwelling was acquired', () =>
    spec.given(leasedInAcquired).when(correct({ ownership: 'municipal', leaseInEndDate: null })).thenThrows('OWNERSHIP_CONFLICTS_WITH_ACQUISITION'));

  describe("Husbanken's rental-housing grant is for dwellings the municipality owns", () => {
    const toLeasedIn = correct({ ownership: 'leased-in', leaseInEndDate: '2030-12-31' });

    it('refuses to correct a dwelling with a grant to leased-in, naming the ownership', () => {
      spec.given(registered, grantRecorded).when(toLeasedIn).thenThrows('DWELLING_LEASED_IN', 'changes.ownership');
      expect(refusal(toLeasedIn, registered, grantRecorded).category).toBe('CONFLICT');
    });

    it('so its lease-in can never end with the grant not settled', () => {
      spec.given(registered, grantRecorded).when(toLeasedIn).thenThrows('DWELLING_LEASED_IN');
      spec.given(registered, grantRecorded).when(endLeaseIn()).thenThrows('NOT_LEASED_IN');
    });

    it('refuses the correction from the property company too', () =>
      spec
        .given(registeredFromCompany, grantRecorded)
        .when(correct({ ownership: 'leased-in', leaseInEndDate: '2030-12-31' }, { source: fromCompany(6) }))
        .thenThrows('DWELLING_LEASED_IN', 'changes.ownership'));

    it('refuses a dwelling bought with a grant for its acquisition first', () =>
      spec.given(boughtWithGrant).when(toLeasedIn).thenThrows('OWNERSHIP_CONFLICTS_WITH_ACQUISITION', 'changes.ownership'));

    it('corrects a registered dwelling without a grant to leased-in', () =>
      spec
        .given(registered)
        .when(toLeasedIn)
        .thenMatches({ type: 'DwellingDetailsUpdated', data: { changes: { ownership: 'leased-in', leaseInEndDate: '2030-12-31' } } }));

    it('corrects the other details of a dwelling with a grant', () =>
      spec.given(registered, grantRecorded).when(correct({ rooms: 4 })).thenMatches({ type: 'DwellingDetailsUpdated', data: { changes: { rooms: 4 } } }));
  });

  it('refuses a correction without a reason', () =>
    spec.given(registered).when(correct({ rooms: 4 }, { reason: '' })).thenThrows('FIELD_REQUIRED', 'reason'));
});

describe('a dwelling not in the portfolio', () => {
  it.each(commandsOnADwelling.map((command) => [command.type, command] as const))('refuses %s as not found', (_type, command) => {
    spec.given().when(command).thenThrows('DWELLING_NOT_FOUND', 'dwellingId');
    expect(refusal(command).category).toBe('NOT_FOUND');
  });
});

describe('changes from the property company (source)', () => {
  const sourced = (command: DwellingCommand, source: ChangeSource): DwellingCommand => ({ ...command, source });
  const eachCommand = commandsOnADwelling.map((command) => [command.type, command] as const);
  const withSourceOf = (event: DwellingEvent, source: ChangeSource) => ({ ...event, data: { ...event.data, source } }) as DwellingEvent;

  it('links a dwelling registered from the property company to its record and version', () => {
    spec.given().when(register({ source: fromCompany(5) })).then(registeredFromCompany);
    expect(dwellingAfter(registeredFromCompany)).toMatchObject({ status: 'available', companyReference: 'EB-40512', companyVersion: 5, description });
  });

  it('links a dwelling acquired from the property company to its record and version', () => {
    const events = dwellingDecider.decide(acquire({ source: fromCompany(1) }), stateAfter());
    expect(events).toMatchObject([{ type: 'DwellingAcquired', data: { acquiredOn: '2025-01-15', source: fromCompany(1) } }]);
    expect(dwellingAfter(...events)).toMatchObject({ companyReference: 'EB-40512', companyVersion: 1 });
  });

  it("leaves the source out of a caseworker's events, so they read like the events recorded before the sync", () => {
    expect(dwellingDecider.decide(register({ source: null }), stateAfter())).toEqual([registered]);
    expect(dwellingDecider.decide(markLet(), stateAfter(registered))[0]?.data).not.toHaveProperty('source');
    expect(dwellingAfter(registered)).toMatchObject({ companyReference: null, companyVersion: null });
  });

  it('applies a newer version, and its event carries the source', () => {
    const letFromCompany = withSourceOf(let_, fromCompany(6));
    spec.given(registeredFromCompany).when(markLet({ source: fromCompany(6) })).then(letFromCompany);
    expect(dwellingAfter(registeredFromCompany, letFromCompany)).toMatchObject({ status: 'let', companyVersion: 6 });
  });

  it('applies a version that skips some: only an older one is refused', () =>
    spec.given(registeredFromCompany).when(markLet({ source: fromCompany(9) })).thenMatches({ type: 'DwellingLet', data: { source: fromCompany(9) } }));

  it("links a dwelling registered by a caseworker on the property company's first change to it", () => {
    const letFromCompany = withSourceOf(let_, fromCompany(2));
    spec.given(registered).when(markLet({ source: fromCompany(2) })).then(letFromCompany);
    expect(dwellingAfter(registered, letFromCompany)).toMatchObject({ companyReference: 'EB-40512', companyVersion: 2 });
  });

  it("keeps the version applied when a caseworker changes the dwelling", () =>
    expect(dwellingAfter(registeredFromCompany, let_)).toMatchObject({ status: 'let', companyReference: 'EB-40512', companyVersion: 5 }));

  describe('an exact retry of the version already applied records nothing (the caller reports a duplicate)', () => {
    it.each(eachCommand)('of %s', (_type, command) => spec.given(registeredFromCompany).when(sourced(command, fromCompany(5))).then());

    it('of the registration, instead of refusing it as DWELLING_EXISTS', () =>
      spec.given(registeredFromCompany).when(register({ source: fromCompany(5) })).then());

    it('of the sale that took the dwelling out of the portfolio, instead of refusing it as DWELLING_SOLD', () => {
      const soldFromCompany = withSourceOf(sold, fromCompany(7));
      spec.given(registeredFromCompany, markedForDisposal, soldFromCompany).when(sell({ source: fromCompany(7) })).then();
    });

    it('after a caseworker has changed the dwelling since', () =>
      spec.given(registeredFromCompany, let_).when(markLet({ source: fromCompany(5) })).then());
  });

  it('refuses a registration from the property company of a dwelling already registered at another version', () =>
    spec.given(registeredFromCompany).when(register({ source: fromCompany(6) })).thenThrows('DWELLING_EXISTS'));

  describe('refuses an older version than the one applied, which would undo a newer change', () => {
    it.each(eachCommand)('for %s', (_type, command) =>
      spec.given(registeredFromCompany).when(sourced(command, fromCompany(4))).thenThrows('STALE_VERSION', 'source.version'));

    it('as a conflict that names both versions', () => {
      const error = refusal(markLet({ source: fromCompany(3) }), registeredFromCompany);
      expect(error.category).toBe('CONFLICT');
      expect(error.message).toBe(
        "The property company's version 3 of reference EB-40512 is older than version 5 already applied to dwelling dwelling-1; the older change is not applied.",
      );
    });
  });

  it("refuses a change for another of the property company's records than the one the dwelling is linked to", () => {
    spec.given(registeredFromCompany).when(markLet({ source: fromCompany(6, 'EB-40513') })).thenThrows('COMPANY_REFERENCE_MISMATCH', 'source.reference');
    expect(refusal(markLet({ source: fromCompany(6, 'EB-40513') }), registeredFromCompany).category).toBe('CONFLICT');
  });

  it.each([0, -1, 1.5, '6'])('refuses the version %p: a whole number, 1 or more', (version) =>
    spec
      .given(registeredFromCompany)
      .when(markLet({ source: { ...fromCompany(6), version: version as number } }))
      .thenThrows('INVALID_VERSION', 'source.version'));

  it('refuses an empty reference', () =>
    spec.given(registeredFromCompany).when(markLet({ source: fromCompany(6, '') })).thenThrows('FIELD_REQUIRED', 'source.reference'));

  it('refuses a source from another system than the property company', () =>
    spec
      .given(registeredFromCompany)
      .when(markLet({ source: { ...fromCompany(6), system: 'tenant-portal' as 'property-company' } }))
      .thenThrows('INVALID_OPTION', 'source.system'));

  it('checks the source of a registration too', () =>
    spec.given().when(register({ source: fromCompany(0) })).thenThrows('INVALID_VERSION', 'source.version'));

  it('checks that the dwelling is in the portfolio before its source', () => {
    spec.given().when(markLet({ source: fromCompany(0) })).thenThrows('DWELLING_NOT_FOUND');
    spec.given(registeredFromCompany, markedForDisposal, sold).when(markLet({ source: fromCompany(3) })).thenThrows('DWELLING_SOLD');
    spec.given(registeredFromCompany).when(register({ source: fromCompany(0) })).thenThrows('DWELLING_EXISTS');
  });

  it("checks the source before the command's fields", () => {
    spec.given(registeredFromCompany).when(markLet({ leaseId: '', source: fromCompany(3) })).thenThrows('STALE_VERSION');
    spec.given(registeredFromCompany).when(markLet({ leaseId: '', source: fromCompany(0) })).thenThrows('INVALID_VERSION', 'source.version');
    spec.given().when(register({ bedrooms: 4, source: fromCompany(0) })).thenThrows('INVALID_VERSION', 'source.version');
  });

  it("checks the source before the dwelling's status", () =>
    spec.given(registeredFromCompany, let_).when(startRenovation({ source: fromCompany(4) })).thenThrows('STALE_VERSION'));

  it('records a newer version that changes nothing, so an older one arriving later is refused as stale', () => {
    const confirmed: DwellingEvent = {
      type: 'DwellingDetailsUpdated',
      data: { dwellingId, correctedOn: '2025-02-15', changes: {}, reason: 'Checked against the matrikkel', source: fromCompany(7) },
    };
    spec.given(registeredFromCompany).when(correct({ rooms: 3 }, { source: fromCompany(7) })).then(confirmed);
    expect(dwellingAfter(registeredFromCompany, confirmed)).toMatchObject({ description, companyVersion: 7 });
    spec.given(registeredFromCompany, confirmed).when(correct({ rooms: 4 }, { source: fromCompany(6) })).thenThrows('STALE_VERSION');
  });

  describe('isDuplicateOfApplied', () => {
    it('is true for the version already applied of the same record', () =>
      expect(isDuplicateOfApplied(stateAfter(registeredFromCompany), fromCompany(5))).toBe(true));

    it.each([
      ['a newer version', [registeredFromCompany], fromCompany(6)],
      ['an older version', [registeredFromCompany], fromCompany(4)],
      ['another record', [registeredFromCompany], fromCompany(5, 'EB-40513')],
      ['a dwelling never changed by the property company', [registered], fromCompany(5)],
      ['a dwelling not in the portfolio', [], fromCompany(5)],
    ] as const)('is false for %s', (_case, history, source) =>
      expect(isDuplicateOfApplied(stateAfter(...(history as readonly DwellingEvent[])), source)).toBe(false));
  });

  describe('a batch sent again after its changes were applied, its outcome never stored (isResendOfApplied)', () => {
    // Version 1 registers the dwelling, 2 records an assessment, 3 starts a renovation: all applied.
    const batch: DwellingCommand[] = [register({ source: fromCompany(1) }), assess({ source: fromCompany(2) }), startRenovation({ source: fromCompany(3) })];
    const applied = batch.reduce<DwellingEvent[]>((events, command) => [...events, ...dwellingDecider.decide(command, stateAfter(...events))], []);

    /** What the sync makes of a change sent again: nothing decided, or refused but found in the events, is a duplicate. */
    function sentAgain(command: DwellingCommand, history: DwellingEvent[]): 'duplicate' | string {
      try {
        return dwellingDecider.decide(command, stateAfter(...history)).length === 0 ? 'duplicate' : 'applied';
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return isResendOfApplied(history, command) ? 'duplicate' : error.code;
      }
    }

    it('recognises every change of the batch as applied before, the earlier versions too', () => {
      expect(applied.map((e) => [e.type, e.data.source?.version])).toEqual([
        ['DwellingRegistered', 1],
        ['ConditionAssessmentRecorded', 2],
        ['RenovationStarted', 3],
      ]);
      expect(batch.map((command) => isResendOfApplied(applied, command))).toEqual([true, true, true]);
      expect(batch.map((command) => sentAgain(command, applied))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    });

    it('records nothing for any of them: the last version by the state, the earlier ones by the events', () => {
      spec.given(...applied).when(batch[2]!).then();
      spec.given(...applied).when(batch[0]!).thenThrows('DWELLING_EXISTS');
      spec.given(...applied).when(batch[1]!).thenThrows('STALE_VERSION');
    });

    it('recognises them in events read back from the store, with keys in another order', () => {
      const reordered = (value: unknown): unknown =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]))
          : value;
      const readBack = applied.map((e) => ({ type: e.type, data: reordered(JSON.parse(JSON.stringify(e.data))) }) as DwellingEvent);
      expect(batch.map((command) => isResendOfApplied(readBack, command))).toEqual([true, true, true]);
    });

    it('recognises a change applied before a caseworker sold the dwelling, instead of refusing it as DWELLING_SOLD', () => {
      const history = [...applied, renovationCompleted, markedForDisposal, sold];
      spec.given(...history).when(batch[1]!).thenThrows('DWELLING_SOLD');
      expect(sentAgain(batch[1]!, history)).toBe('duplicate');
    });

    it('refuses a different change under a version already applied, as before: it is not the change applied', () => {
      expect(sentAgain(assess({ assessedOn: '2025-03-12', source: fromCompany(2) }), applied)).toBe('STALE_VERSION');
      expect(sentAgain(startRenovation({ source: fromCompany(2) }), applied)).toBe('STALE_VERSION');
      expect(sentAgain(register({ rooms: 4, source: fromCompany(1) }), applied)).toBe('DWELLING_EXISTS');
    });

    it('refuses an older version never applied as STALE_VERSION', () => {
      const versionTwoNeverCame = [applied[0]!, applied[2]!];
      expect(sentAgain(assess({ source: fromCompany(2) }), versionTwoNeverCame)).toBe('STALE_VERSION');
    });

    it("is false for another of the property company's records, and for a caseworker's command", () => {
      expect(isResendOfApplied(applied, assess({ source: fromCompany(2, 'EB-40513') }))).toBe(false);
      expect(isResendOfApplied(applied, assess())).toBe(false);
      expect(isResendOfApplied([], assess({ source: fromCompany(2) }))).toBe(false);
    });
  });
});

describe('status through a lifecycle', () => {
  it.each([
    ['registered', [registered], 'available'],
    ['reserved', [registered, reserved], 'reserved'],
    ['let from a reservation', [registered, reserved, let_], 'let'],
    ['vacated', [registered, reserved, let_, vacated], 'available'],
    ['renovated', [registered, renovationStarted], 'under-renovation'],
    ['renovation completed', [registered, renovationStarted, renovationCompleted], 'available'],
    ['marked for disposal', [registered, markedForDisposal], 'marked-for-disposal'],
    ['sold', [registered, markedForDisposal, sold], 'sold'],
    ['lease-in ended', [leasedInAcquired, leaseInEnded], 'lease-in-ended'],
    ['assessed while let (no change of status)', [registered, let_, { type: 'ConditionAssessmentRecorded', data: { dwellingId, grade: 'TG2', buildingPart: 'overall', assessor: 'A', assessedOn: '2025-04-01', reportReference: 'R' } }], 'let'],
  ] as const)('%s', (_step, history, status) => expect(stateAfter(...(history as readonly DwellingEvent[])).status).toBe(status));

  it('starts unregistered', () => expect(stateAfter().status).toBe('unregistered'));
});
