import { DomainError } from '../../shared-kernel/domain-error.js';
import { validateDwellingDescription, type DwellingDescription } from './dwelling-description.js';

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

const withChange = (change: Record<string, unknown>) => ({ ...description, ...change }) as DwellingDescription;

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the description to be refused');
}

describe('dwelling description', () => {
  it('keeps a valid description as it is', () => expect(validateDwellingDescription(description)).toEqual(description));

  it('keeps only the fields of the description, not the rest of the command', () =>
    expect(validateDwellingDescription({ ...description, type: 'RegisterDwelling' } as DwellingDescription)).toEqual(description));

  it('trims text, so a stray space does not make a new district', () =>
    expect(validateDwellingDescription(withChange({ district: ' Østbyen ', address: { ...description.address, street: ' Innherredsveien 12' } })))
      .toMatchObject({ district: 'Østbyen', address: { street: 'Innherredsveien 12' } }));

  it.each([
    ['a shared-living room that is the bedroom itself', { rooms: 1, bedrooms: 1, sharedLiving: true }],
    ['a studio without a bedroom', { rooms: 1, bedrooms: 0 }],
    ['the limits of rooms, floor and area', { rooms: 20, bedrooms: 20, floor: -5, primaryAreaM2: 1000 }],
    ['the highest floor', { floor: 60 }],
    ['a leased-in dwelling with the end of its lease-in', { ownership: 'leased-in', leaseInEndDate: '2030-12-31' }],
    ['care housing owned by the property company', { dwellingType: 'care-with-staff-base', ownership: 'property-company' }],
  ])('accepts %s', (_case, change) => expect(() => validateDwellingDescription(withChange(change))).not.toThrow());

  it.each([
    ['the matrikkel must be valid', { matrikkel: { ...description.matrikkel, kommunenummer: '301' } }, 'matrikkel.kommunenummer', 'INVALID_MATRIKKEL'],
    ['the bruksenhetsnummer must be valid', { bruksenhetsnummer: 'X0101' }, 'bruksenhetsnummer', 'INVALID_BRUKSENHETSNUMMER'],
    ['the address is required', { address: null }, 'address', 'FIELD_REQUIRED'],
    ['the street must not be empty', { address: { ...description.address, street: '  ' } }, 'address.street', 'FIELD_REQUIRED'],
    ['the postal code has 4 digits', { address: { ...description.address, postalCode: '714' } }, 'address.postalCode', 'INVALID_POSTAL_CODE'],
    ['the postal code is digits only', { address: { ...description.address, postalCode: 'N-7014' } }, 'address.postalCode', 'INVALID_POSTAL_CODE'],
    ['the postal town must not be empty', { address: { ...description.address, postalTown: '' } }, 'address.postalTown', 'FIELD_REQUIRED'],
    ['the district must not be empty', { district: '' }, 'district', 'FIELD_REQUIRED'],
    ['the dwelling type is one of the known kinds', { dwellingType: 'villa' }, 'dwellingType', 'INVALID_OPTION'],
    ['a dwelling has at least 1 room', { rooms: 0, bedrooms: 0 }, 'rooms', 'FIELD_OUT_OF_RANGE'],
    ['a dwelling has at most 20 rooms', { rooms: 21 }, 'rooms', 'FIELD_OUT_OF_RANGE'],
    ['rooms are whole', { rooms: 2.5 }, 'rooms', 'FIELD_OUT_OF_RANGE'],
    ['bedrooms are not negative', { bedrooms: -1 }, 'bedrooms', 'FIELD_OUT_OF_RANGE'],
    ['bedrooms are not more than rooms', { rooms: 3, bedrooms: 4 }, 'bedrooms', 'FIELD_OUT_OF_RANGE'],
    ['the primary area is more than 0', { primaryAreaM2: 0 }, 'primaryAreaM2', 'FIELD_OUT_OF_RANGE'],
    ['the primary area is at most 1000 m²', { primaryAreaM2: 1000.5 }, 'primaryAreaM2', 'FIELD_OUT_OF_RANGE'],
    ['the primary area is a number', { primaryAreaM2: Number.NaN }, 'primaryAreaM2', 'FIELD_OUT_OF_RANGE'],
    ['the floor is not below -5', { floor: -6 }, 'floor', 'FIELD_OUT_OF_RANGE'],
    ['the floor is not above 60', { floor: 61 }, 'floor', 'FIELD_OUT_OF_RANGE'],
    ['wheelchair accessibility is true or false', { wheelchairAccessible: 'yes' }, 'wheelchairAccessible', 'INVALID_OPTION'],
    ['the ownership is one of the known forms', { ownership: 'rented' }, 'ownership', 'INVALID_OPTION'],
    ['a leased-in dwelling needs the end of its lease-in', { ownership: 'leased-in', leaseInEndDate: null }, 'leaseInEndDate', 'FIELD_REQUIRED'],
    ['the end of the lease-in is a calendar date', { ownership: 'leased-in', leaseInEndDate: '2030-02-30' }, 'leaseInEndDate', 'INVALID_DATE'],
    ['only a leased-in dwelling has a lease-in end date', { leaseInEndDate: '2030-12-31' }, 'leaseInEndDate', 'FIELD_NOT_ALLOWED'],
  ])('refuses a description that breaks the rule: %s', (_rule, change, field, code) =>
    expect(refusal(() => validateDwellingDescription(withChange(change)))).toMatchObject({
      code,
      field,
      category: 'BAD_USER_INPUT',
    }));

  it('says how many rooms bedrooms may not exceed', () =>
    expect(refusal(() => validateDwellingDescription(withChange({ rooms: 3, bedrooms: 4 }))).message).toBe(
      'bedrooms: must not be more than the number of rooms (3)',
    ));

  it('puts the prefix it is given before every field name', () =>
    expect(refusal(() => validateDwellingDescription(withChange({ floor: 61 }), 'changes.')).field).toBe('changes.floor'));
});
