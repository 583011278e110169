/** A dwelling as the GraphQL API takes it (RegisterDwellingInput / AcquireDwellingInput.description), in Trondheim. */
export const dwellingInput = (overrides: Record<string, unknown> = {}) => ({
  matrikkel: { kommunenummer: '5001', gardsnummer: 400, bruksnummer: 12 },
  bruksenhetsnummer: 'H0101',
  address: { street: 'Elgeseter gate 10', postalCode: '7030', postalTown: 'Trondheim' },
  district: 'Midtbyen',
  dwellingType: 'ORDINARY',
  rooms: 3,
  bedrooms: 2,
  primaryAreaM2: 70,
  floor: 1,
  wheelchairAccessible: false,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: false,
  ownership: 'MUNICIPAL',
  ...overrides,
});
