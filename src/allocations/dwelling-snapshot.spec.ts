import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import type { DwellingEvent } from '../portfolio/dwelling/dwelling.events.js';
import { replay } from '../shared-kernel/decider.js';
import { dwellingSnapshot } from './dwelling-snapshot.js';

const registered: DwellingEvent = {
  type: 'DwellingRegistered',
  data: {
    dwellingId: 'dwelling-9',
    registeredOn: '2025-01-01',
    matrikkel: { kommunenummer: '5001', gardsnummer: 405, bruksnummer: 112, festenummer: null, seksjonsnummer: 3 },
    bruksenhetsnummer: 'H0101',
    address: { street: 'Innherredsveien 12', postalCode: '7014', postalTown: 'Trondheim' },
    district: 'Østbyen',
    dwellingType: 'ordinary',
    rooms: 3,
    bedrooms: 2,
    primaryAreaM2: 64.5,
    floor: 1,
    wheelchairAccessible: true,
    universallyDesigned: true,
    sharedLiving: false,
    rentToOwnPotential: false,
    ownership: 'municipal',
    leaseInEndDate: null,
  },
};

describe('dwelling snapshot', () => {
  it("takes what an allocation needs from the dwelling's state, with its building", () =>
    expect(dwellingSnapshot(replay(dwellingDecider, [registered]))).toEqual({
      dwellingId: 'dwelling-9',
      status: 'available',
      bedrooms: 2,
      wheelchairAccessible: true,
      floor: 1,
      hasLift: null,
      dwellingType: 'ordinary',
      district: 'Østbyen',
      buildingKey: '5001-405/112/0|innherredsveien 12',
    }));

  it('gives nothing for a dwelling not in the portfolio', () => expect(dwellingSnapshot(replay(dwellingDecider, []))).toBeNull());
});
