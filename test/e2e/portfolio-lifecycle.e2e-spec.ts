import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';
import { dwellingInput } from '../support/dwelling-input.js';

const description = dwellingInput;

const ACQUIRE = `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId revision position changed } }`;
const DWELLING = `query ($id: ID!, $p: LogPosition, $on: Date) { dwelling(id: $id, atLeast: $p) {
  status statusSince enteredBy acquisitionMethod conditionGrade conditionAssessedOn disposalReason leftPortfolioOn
  outstandingGrant(on: $on) rentalHousingGrants { amount grantDate writeDownYears outstanding(on: $on) }
  conditions { buildingPart grade assessedOn } building { key dwellingsInPortfolio matrikkelUnit } revision } }`;

for (const kind of testDatabaseKinds()) {
  describe(`portfolio lifecycle over GraphQL (${kind})`, () => {
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

    it('acquires with a grant, assesses, renovates, marks for disposal and sells with the grant settled', async () => {
      const acquired = await ok(ACQUIRE, {
        input: {
          description: description(),
          method: 'PURCHASE',
          acquiredOn: '2015-06-15',
          price: 3_200_000,
          financing: { rentalHousingGrant: { amount: 1_000_000, grantDate: '2015-06-15' }, husbankenLoan: 1_800_000, ownFunds: 400_000 },
        },
      });
      const id = acquired.acquireDwelling.dwellingId;
      let d = (await ok(DWELLING, { id, p: acquired.acquireDwelling.position, on: '2025-06-15' })).dwelling;
      expect(d).toMatchObject({ status: 'AVAILABLE', enteredBy: 'ACQUISITION', acquisitionMethod: 'PURCHASE', outstandingGrant: 666_667 });
      expect(d.rentalHousingGrants).toEqual([{ amount: 1_000_000, grantDate: '2015-06-15', writeDownYears: 30, outstanding: 666_667 }]);

      await ok(`mutation ($id: ID!) { recordConditionAssessment(dwellingId: $id, grade: TG2, buildingPart: "bathroom", assessor: "Takst AS", assessedOn: "2024-03-01", reportReference: "R-1") { position } }`, { id });
      const overall = await ok(`mutation ($id: ID!) { recordConditionAssessment(dwellingId: $id, grade: TG3, assessor: "Takst AS", assessedOn: "2024-03-01", reportReference: "R-1") { position } }`, { id });
      d = (await ok(DWELLING, { id, p: overall.recordConditionAssessment.position })).dwelling;
      expect(d.conditionGrade).toBe('TG3');
      expect(d.conditions.map((c: { buildingPart: string }) => c.buildingPart)).toEqual(['overall', 'bathroom']);

      const started = await ok(`mutation ($id: ID!) { startRenovation(dwellingId: $id, startedOn: "2024-04-01", scope: "bathroom") { position } }`, { id });
      d = (await ok(DWELLING, { id, p: started.startRenovation.position })).dwelling;
      expect(d).toMatchObject({ status: 'UNDER_RENOVATION', statusSince: '2024-04-01' });
      await ok(`mutation ($id: ID!) { completeRenovation(dwellingId: $id, completedOn: "2024-06-01") { position } }`, { id });

      const unmarked = await service.graphql(`mutation ($id: ID!) { sellDwelling(dwellingId: $id, soldOn: "2025-06-15", price: 3000000, buyer: OPEN_MARKET) { position } }`, { id });
      expect(unmarked.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_MARKED_FOR_DISPOSAL' });

      await ok(`mutation ($id: ID!) { markDwellingForDisposal(dwellingId: $id, markedOn: "2025-01-10", reason: POOR_CONDITION) { position } }`, { id });
      const noSettlement = await service.graphql(`mutation ($id: ID!) { sellDwelling(dwellingId: $id, soldOn: "2025-06-15", price: 3000000, buyer: OPEN_MARKET) { position } }`, { id });
      expect(noSettlement.body.errors[0].extensions).toMatchObject({ reason: 'GRANT_OUTSTANDING' });
      expect(noSettlement.body.errors[0].message).toMatch(/666[\s ,.]?667/);

      const override = await service.graphql(
        `mutation ($id: ID!) { sellDwelling(dwellingId: $id, soldOn: "2025-06-15", price: 3000000, buyer: OPEN_MARKET, grantSettlement: { kind: REPAYMENT, amount: 600000 }) { position } }`,
        { id },
      );
      expect(override.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPAYMENT_OVERRIDE_NEEDS_JUSTIFICATION' });

      const sold = await ok(
        `mutation ($id: ID!) { sellDwelling(dwellingId: $id, soldOn: "2025-06-15", price: 3000000, buyer: OPEN_MARKET, grantSettlement: { kind: REPAYMENT }) { position } }`,
        { id },
      );
      d = (await ok(DWELLING, { id, p: sold.sellDwelling.position, on: '2025-06-15' })).dwelling;
      expect(d).toMatchObject({ status: 'SOLD', leftPortfolioOn: '2025-06-15', outstandingGrant: 0 });

      const ledger = (await ok(`{ portfolioLedger(from: "2015-01-01", to: "2025-12-31") { acquired sold salesProceeds grantRepaid entries { entry method amount grantOutstanding } } }`, {})).portfolioLedger;
      expect(ledger).toMatchObject({ acquired: 1, sold: 1, salesProceeds: 3_000_000, grantRepaid: 666_667 });
      expect(ledger.entries.map((e: { entry: string }) => e.entry)).toEqual(['ACQUIRED', 'SOLD']);

      const afterSale = await service.graphql(`mutation ($id: ID!) { startRenovation(dwellingId: $id, startedOn: "2025-07-01", scope: "x") { position } }`, { id });
      expect(afterSale.body.errors[0].extensions.reason).toBe('DWELLING_SOLD');
    });

    it('summarises the portfolio, lists buildings and filters dwellings', async () => {
      let last = '0';
      for (const [unit, accessible, ownership] of [['H0101', true, 'MUNICIPAL'], ['H0102', false, 'PROPERTY_COMPANY'], ['H0201', true, 'MUNICIPAL']] as const) {
        const r = await ok(ACQUIRE, {
          input: {
            description: description({ bruksenhetsnummer: unit, wheelchairAccessible: accessible, ownership, matrikkel: { kommunenummer: '5001', gardsnummer: 77, bruksnummer: 1 }, address: { street: 'Olav Tryggvasons gate 1', postalCode: '7011', postalTown: 'Trondheim' } }),
            method: 'NEW_BUILD',
            acquiredOn: '2023-01-01',
            price: 4_000_000,
            financing: { rentalHousingGrant: { amount: 300_000, grantDate: '2023-01-01' } },
          },
        });
        last = r.acquireDwelling.position;
      }
      const leased = await ok(ACQUIRE, {
        input: { description: description({ bruksenhetsnummer: 'H0301', ownership: 'LEASED_IN', leaseInEndDate: '2027-12-31', address: { street: 'Innherredsveien 5', postalCode: '7014', postalTown: 'Trondheim' } }), method: 'LEASE_IN', acquiredOn: '2024-01-01', monthlyRent: 12000 },
      });
      const ended = await ok(`mutation ($id: ID!) { endLeaseIn(dwellingId: $id, endedOn: "2025-01-01") { position } }`, { id: leased.acquireDwelling.dwellingId });
      last = ended.endLeaseIn.position;
      const summary = (await ok(`query ($p: LogPosition) { portfolioSummary(on: "2025-01-01", kommunenummer: "5001", atLeast: $p) { dwellingsInPortfolio wheelchairAccessible wheelchairAccessibleShare outstandingGrants buildings byOwnership { value count } byStatus { value count } } }`, { p: last })).portfolioSummary;
      if (summary.dwellingsInPortfolio !== 3) console.log(JSON.stringify(summary));
      expect(summary.dwellingsInPortfolio).toBe(3);
      expect(summary.wheelchairAccessible).toBe(2);
      expect(summary.wheelchairAccessibleShare).toBeCloseTo(2 / 3);
      expect(summary.outstandingGrants).toBe(3 * 280_000);
      expect(summary.byOwnership).toEqual([{ value: 'MUNICIPAL', count: 2 }, { value: 'PROPERTY_COMPANY', count: 1 }]);
      const buildings = (await ok(`{ buildings(filter: { kommunenummer: "5001" }) { totalCount edges { node { key dwellingsInPortfolio wheelchairAccessible dwellingsEver } } } }`, {})).buildings;
      const tryggvason = buildings.edges.map((e: { node: { key: string } }) => e.node).find((b: { key: string }) => b.key.includes('olav tryggvasons gate 1'));
      expect(tryggvason).toMatchObject({ dwellingsInPortfolio: 3, wheelchairAccessible: 2, dwellingsEver: 3 });
      const filtered = (await ok(`query ($b: String) { dwellings(filter: { building: $b, wheelchairAccessible: true, ownership: MUNICIPAL }) { totalCount } }`, { b: tryggvason.key })).dwellings;
      expect(filtered.totalCount).toBe(2);
      const withLeft = (await ok(`{ dwellings(filter: { kommunenummer: "5001", includeLeft: true }) { totalCount } }`, {})).dwellings;
      const current = (await ok(`{ dwellings(filter: { kommunenummer: "5001" }) { totalCount } }`, {})).dwellings;
      expect(withLeft.totalCount - current.totalCount).toBe(2);
    });

    it('refuses a stale expected revision and records nothing', async () => {
      const r = await ok(ACQUIRE, { input: { description: description({ bruksenhetsnummer: 'K0101', floor: -1 }), method: 'TRANSFER', acquiredOn: '2020-01-01', price: 0 } });
      const id = r.acquireDwelling.dwellingId;
      await ok(`mutation ($id: ID!) { recordConditionAssessment(dwellingId: $id, grade: TG1, assessor: "A", assessedOn: "2021-01-01", reportReference: "R", expectedRevision: "0") { revision } }`, { id });
      const stale = await service.graphql(`mutation ($id: ID!) { recordConditionAssessment(dwellingId: $id, grade: TG2, assessor: "A", assessedOn: "2022-01-01", reportReference: "R", expectedRevision: "0") { revision } }`, { id });
      expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_REVISION', field: 'expectedRevision' });
      const corrected = await ok(`mutation ($id: ID!) { correctDwellingDetails(dwellingId: $id, correctedOn: "2022-02-02", changes: { rooms: 4, bedrooms: 3 }, reason: "measured", expectedRevision: "1") { revision changed } }`, { id });
      expect(corrected.correctDwellingDetails).toEqual({ revision: '2', changed: true });
      const again = await ok(`mutation ($id: ID!) { correctDwellingDetails(dwellingId: $id, correctedOn: "2022-02-03", changes: { rooms: 4 }, reason: "again") { revision changed position } }`, { id });
      expect(again.correctDwellingDetails).toEqual({ revision: '2', changed: false, position: null });
    });
  });
}
