import { DomainError } from '../../shared-kernel/domain-error.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import { companyDwellingId } from './company-dwelling-id.js';
import type { StockChangeInput, StockNewDwellingInput } from './stock-change.input.js';
import { dwellingIdOf, fieldOfChange, toDwellingCommand } from './to-dwelling-command.js';

const DWELLING = '01900000-0000-7000-8000-0000000000aa';
const source = (reference: string, version: number) => ({ system: 'property-company', reference, version });

const newDwelling: StockNewDwellingInput = {
  matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 },
  bruksenhetsnummer: 'H0101',
  address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
  district: 'Nordlandet',
  dwellingType: 'CARE_NEAR_BASE',
  rooms: 3,
  bedrooms: 2,
  primaryAreaM2: 62.5,
  floor: 1,
  wheelchairAccessible: true,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: true,
  ownership: 'PROPERTY_COMPANY',
  registeredOn: '2024-01-15',
};

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the change to be refused');
}

describe('mapping a property-company change to a dwelling command', () => {
  it('maps NEW_DWELLING to RegisterDwelling under the id derived from the reference, with the source', () => {
    const mapped = toDwellingCommand({ reference: 'EF-1001', version: 1, kind: 'NEW_DWELLING', newDwelling });
    const id = companyDwellingId('EF-1001');
    expect(mapped).toEqual({
      dwellingId: id,
      occurredOn: '2024-01-15',
      command: {
        type: 'RegisterDwelling',
        dwellingId: id,
        matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, seksjonsnummer: null },
        bruksenhetsnummer: 'H0101',
        address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
        district: 'Nordlandet',
        dwellingType: 'care-near-base',
        rooms: 3,
        bedrooms: 2,
        primaryAreaM2: 62.5,
        floor: 1,
        wheelchairAccessible: true,
        universallyDesigned: false,
        sharedLiving: false,
        rentToOwnPotential: true,
        ownership: 'property-company',
        leaseInEndDate: null,
        registeredOn: '2024-01-15',
        source: source('EF-1001', 1),
      },
    });
  });

  it('accepts the derived id given back for NEW_DWELLING, and refuses any other', () => {
    const id = companyDwellingId('EF-1001');
    expect(toDwellingCommand({ reference: 'EF-1001', version: 1, kind: 'NEW_DWELLING', dwellingId: id.toUpperCase(), newDwelling }).dwellingId).toBe(id);
    const e = refusal(() => toDwellingCommand({ reference: 'EF-1001', version: 1, kind: 'NEW_DWELLING', dwellingId: DWELLING, newDwelling }));
    expect(e).toMatchObject({ category: 'BAD_USER_INPUT', code: 'DWELLING_ID_MISMATCH', field: 'dwellingId' });
  });

  it('maps CONDITION_ASSESSMENT to RecordConditionAssessment', () =>
    expect(
      toDwellingCommand({
        reference: 'EF-1',
        version: 4,
        dwellingId: DWELLING.toUpperCase(),
        kind: 'CONDITION_ASSESSMENT',
        conditionAssessment: { grade: 'TG2', buildingPart: 'roof', assessor: 'Takst AS', assessedOn: '2025-03-01', reportReference: 'R-77' },
      }),
    ).toEqual({
      dwellingId: DWELLING,
      occurredOn: '2025-03-01',
      command: {
        type: 'RecordConditionAssessment',
        dwellingId: DWELLING,
        grade: 'TG2',
        buildingPart: 'roof',
        assessor: 'Takst AS',
        assessedOn: '2025-03-01',
        reportReference: 'R-77',
        source: source('EF-1', 4),
      },
    }));

  it('maps RENOVATION_STARTED and RENOVATION_COMPLETED', () => {
    expect(
      toDwellingCommand({ reference: 'EF-1', version: 5, dwellingId: DWELLING, kind: 'RENOVATION_STARTED', renovationStarted: { startedOn: '2025-04-01', scope: 'new bathroom' } }).command,
    ).toEqual({ type: 'StartRenovation', dwellingId: DWELLING, startedOn: '2025-04-01', scope: 'new bathroom', expectedCompletionOn: null, source: source('EF-1', 5) });
    expect(
      toDwellingCommand({ reference: 'EF-1', version: 6, dwellingId: DWELLING, kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-01' } }),
    ).toEqual({ dwellingId: DWELLING, occurredOn: '2025-06-01', command: { type: 'CompleteRenovation', dwellingId: DWELLING, completedOn: '2025-06-01', source: source('EF-1', 6) } });
  });

  it('maps CORRECTION to UpdateDwellingDetails with only the fields given, enums in domain form, an explicit null kept', () =>
    expect(
      toDwellingCommand({
        reference: 'EF-1',
        version: 7,
        dwellingId: DWELLING,
        kind: 'CORRECTION',
        correction: {
          correctedOn: '2025-07-01',
          reason: 'measured again',
          changes: { primaryAreaM2: 64, ownership: 'MUNICIPAL', leaseInEndDate: null, matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 346 } },
        },
      }).command,
    ).toEqual({
      type: 'UpdateDwellingDetails',
      dwellingId: DWELLING,
      correctedOn: '2025-07-01',
      reason: 'measured again',
      changes: {
        primaryAreaM2: 64,
        ownership: 'municipal',
        leaseInEndDate: null,
        matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 346, festenummer: null, seksjonsnummer: null },
      },
      source: source('EF-1', 7),
    }));

  it('the mapped commands are accepted by the decider and their events carry the source', () => {
    const registered = toDwellingCommand({ reference: 'EF-9', version: 1, kind: 'NEW_DWELLING', newDwelling }).command;
    const events = dwellingDecider.decide(registered, dwellingDecider.initialState);
    expect(events).toEqual([expect.objectContaining({ type: 'DwellingRegistered', data: expect.objectContaining({ source: source('EF-9', 1) }) })]);
  });

  describe('refuses a change whose envelope is wrong, naming the field', () => {
    const base: StockChangeInput = {
      reference: 'EF-1',
      version: 2,
      dwellingId: DWELLING,
      kind: 'RENOVATION_COMPLETED',
      renovationCompleted: { completedOn: '2025-06-01' },
    };
    it.each<[string, Partial<StockChangeInput>, string, string]>([
      ['the sub-input of its kind missing', { renovationCompleted: null }, 'renovationCompleted', 'FIELD_REQUIRED'],
      ['another sub-input given besides', { correction: { correctedOn: '2025-01-01', reason: 'x', changes: {} } }, 'correction', 'FIELD_NOT_ALLOWED'],
      ['only the sub-input of another kind', { renovationCompleted: undefined, renovationStarted: { startedOn: '2025-01-01', scope: 'x' } }, 'renovationCompleted', 'FIELD_REQUIRED'],
      ['no dwellingId for a kind other than NEW_DWELLING', { dwellingId: null }, 'dwellingId', 'FIELD_REQUIRED'],
      ['a dwellingId that is not a UUID', { dwellingId: 'EF-1' }, 'dwellingId', 'INVALID_ID'],
      ['version 0', { version: 0 }, 'version', 'FIELD_OUT_OF_RANGE'],
      ['a blank reference', { reference: '  ' }, 'reference', 'FIELD_REQUIRED'],
      ['a reference over 200 characters', { reference: 'x'.repeat(201) }, 'reference', 'FIELD_TOO_LONG'],
    ])('%s', (_, override, field, code) => {
      const e = refusal(() => toDwellingCommand({ ...base, ...override }));
      expect(e).toMatchObject({ category: 'BAD_USER_INPUT', field, code });
      expect(e.message).toContain(field);
    });
  });
});

describe('our dwelling id of a change, for its result', () => {
  it('is derived for NEW_DWELLING, the given id (lower case) otherwise, null if it cannot be told', () => {
    expect(dwellingIdOf({ reference: 'EF-1', version: 1, kind: 'NEW_DWELLING', newDwelling })).toBe(companyDwellingId('EF-1'));
    expect(dwellingIdOf({ reference: 'EF-1', version: 1, kind: 'CORRECTION', dwellingId: DWELLING.toUpperCase() })).toBe(DWELLING);
    expect(dwellingIdOf({ reference: 'EF-1', version: 1, kind: 'CORRECTION', dwellingId: 'nope' })).toBeNull();
  });
});

describe('the field of a refusal, relative to the change', () => {
  it.each<[Parameters<typeof fieldOfChange>[0], string | undefined, string | undefined]>([
    ['CONDITION_ASSESSMENT', 'assessedOn', 'conditionAssessment.assessedOn'],
    ['CORRECTION', 'changes.rooms', 'correction.changes.rooms'],
    ['NEW_DWELLING', 'matrikkel.kommunenummer', 'newDwelling.matrikkel.kommunenummer'],
    ['RENOVATION_STARTED', 'dwellingId', 'dwellingId'],
    ['NEW_DWELLING', 'dwellingId', 'reference'],
    ['CORRECTION', 'source.version', 'version'],
    ['CORRECTION', 'source.reference', 'reference'],
    ['CORRECTION', undefined, undefined],
  ])('%s: %s → %s', (kind, commandField, expected) => expect(fieldOfChange(kind, commandField)).toBe(expected));
});
