import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

const REGISTER = `mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`;
const CORRECT = `mutation ($id: ID!, $changes: DwellingCorrectionsInput!) {
  correctDwellingDetails(dwellingId: $id, correctedOn: "2025-05-01", changes: $changes, reason: "wrong in the import") { position changed } }`;
const REGISTERED_AT = `query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { history(atLeast: $p) { edges { node { type recordedAt } } } } }`;
const DWELLING_AS_OF = `query ($id: ID!, $asOf: DateTime, $p: LogPosition) { dwelling(id: $id, asOf: $asOf, atLeast: $p) {
  address { street } matrikkel { gardsnummer } building { key matrikkelUnit address { street } dwellingsInPortfolio dwellingsEver } } }`;

const input = (gardsnummer: number, street: string, unit: string) => ({
  matrikkel: { kommunenummer: '5001', gardsnummer, bruksnummer: 12 }, bruksenhetsnummer: unit,
  address: { street, postalCode: '7030', postalTown: 'Trondheim' }, district: 'Midtbyen',
  dwellingType: 'ORDINARY', rooms: 3, bedrooms: 2, primaryAreaM2: 70, floor: 1, wheelchairAccessible: false,
  universallyDesigned: false, sharedLiving: false, rentToOwnPotential: false, ownership: 'MUNICIPAL', registeredOn: '2024-01-15',
});

for (const kind of testDatabaseKinds()) {
  describe(`the building of a dwelling read with asOf (${kind})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    const ok = async (query: string, variables: Record<string, unknown>) => {
      const r = await service.graphql(query, variables);
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };
    const register = async (gardsnummer: number, street: string, unit: string) => {
      const { registerDwelling } = await ok(REGISTER, { input: input(gardsnummer, street, unit) });
      const { dwelling } = await ok(REGISTERED_AT, { id: registerDwelling.dwellingId, p: registerDwelling.position });
      return { id: registerDwelling.dwellingId as string, recordedAt: dwelling.history.edges[0].node.recordedAt as string };
    };

    it('is the building the dwelling belongs to now, after a correction moved every dwelling off the building it had then', async () => {
      const { id, recordedAt } = await register(401, 'Elgeseter gate 11', 'H0101');
      const corrected = await ok(CORRECT, { id, changes: { address: { street: 'Elgeseter gate 13', postalCode: '7030', postalTown: 'Trondheim' } } });
      expect(corrected.correctDwellingDetails.changed).toBe(true);

      // As known at the registration, the dwelling is at no. 11, a building no dwelling belongs to now.
      const r = await service.graphql(DWELLING_AS_OF, { id, asOf: recordedAt, p: corrected.correctDwellingDetails.position });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.dwelling.address).toEqual({ street: 'Elgeseter gate 11' });
      expect(r.body.data.dwelling.building).toEqual({
        key: '5001-401/12/0|elgeseter gate 13', matrikkelUnit: '5001-401/12/0', address: { street: 'Elgeseter gate 13' }, dwellingsInPortfolio: 1, dwellingsEver: 1,
      });
      // Read now, the same building.
      const now = await ok(DWELLING_AS_OF, { id });
      expect(now.dwelling.building).toEqual(r.body.data.dwelling.building);
    });

    it('follows the dwelling, not the key it had then, when other dwellings stay in the old building', async () => {
      const moved = await register(402, 'Klostergata 5', 'H0101');
      const stays = await register(402, 'Klostergata 5', 'H0102');
      const corrected = await ok(CORRECT, { id: moved.id, changes: { matrikkel: { kommunenummer: '5001', gardsnummer: 403, bruksnummer: 12 } } });

      const past = await ok(DWELLING_AS_OF, { id: moved.id, asOf: stays.recordedAt, p: corrected.correctDwellingDetails.position });
      expect(past.dwelling.matrikkel).toEqual({ gardsnummer: 402 });
      expect(past.dwelling.building).toMatchObject({ key: '5001-403/12/0|klostergata 5', dwellingsInPortfolio: 1 });
      // The dwelling that stayed is still in the old building, now alone.
      const other = await ok(DWELLING_AS_OF, { id: stays.id, asOf: stays.recordedAt });
      expect(other.dwelling.building).toMatchObject({ key: '5001-402/12/0|klostergata 5', dwellingsInPortfolio: 1 });
    });
  });
}
