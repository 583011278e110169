import { v7 as uuidv7 } from 'uuid';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';
import { appendAcceptance, appendAllocation, type AllocationIds } from './allocation-history.fixture.js';


const REGISTER = `mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`;
const RECORD = `id streamId revision position type label labelEn: label(language: EN) schemaVersion actor role correlationId causationId occurredAt recordedAt data`;
const DWELLING_HISTORY = `query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { history(atLeast: $p) { totalCount
  edges { cursor node { ${RECORD} causes { link depth causedEventId event { type } } causeChain { link depth event { type streamId } } } } } } }`;
const HISTORY = `query ($entity: EntityRefInput, $stream: String, $first: Int, $after: String, $p: LogPosition) {
  history(entity: $entity, streamId: $stream, first: $first, after: $after, atLeast: $p) { totalCount pageInfo { hasNextPage endCursor } edges { node { type position } } } }`;

for (const kind of testDatabaseKinds()) {
  describe(`event histories, labels and cause chains over GraphQL (${kind})`, () => {
    let service: TestService;
    let ids: AllocationIds;
    let last: bigint;
    let correlationId: string;
    let registeredAt: bigint;
    beforeAll(async () => {
      service = await startTestService(kind);
      correlationId = uuidv7();
      const registered = await service.graphql(
        REGISTER,
        {
          input: {
            matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 }, bruksenhetsnummer: 'H0101',
            address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' }, district: 'Nordlandet',
            dwellingType: 'ORDINARY', rooms: 3, bedrooms: 2, primaryAreaM2: 62.5, floor: 1, wheelchairAccessible: true,
            universallyDesigned: false, sharedLiving: false, rentToOwnPotential: true, ownership: 'MUNICIPAL', registeredOn: '2024-01-15',
          },
        },
        { 'x-correlation-id': correlationId },
      );
      const dwellingId = registered.body.data.registerDwelling.dwellingId as string;
      registeredAt = BigInt(registered.body.data.registerDwelling.position);
      ids = { applicationId: uuidv7(), applicantId: uuidv7(), meetingId: uuidv7(), offerId: uuidv7(), dwellingId };
      const allocation = await appendAllocation(service.runtime.store, ids, correlationId);
      // The dwelling follows the offer as a process manager would: the reservation's cause is the offer event.
      await service.runtime.executor.execute(
        dwellingDecider,
        dwellingStreamId(dwellingId),
        { type: 'ReserveDwelling', dwellingId, applicationId: ids.applicationId, reservedOn: '2025-03-02' },
        { actor: 'system', role: 'system', correlationId, occurredAt: '2025-03-02T08:00:00.000Z', causationId: allocation.offered.id },
      );
      last = (await appendAcceptance(service.runtime.store, ids, correlationId)).position;
      // On a busy server the read models may need longer than a query's read-your-writes wait.
      await service.runtime.runner.waitForPosition(last, 60_000);
    }, 90_000);
    afterAll(() => service.stop());

    const ok = async (query: string, variables: Record<string, unknown>) => {
      const r = await service.graphql(query, variables);
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };

    it("a dwelling's history has every envelope field, readable labels, and the events of other streams that name it", async () => {
      const { history } = (await ok(DWELLING_HISTORY, { id: ids.dwellingId, p: last.toString() })).dwelling;
      const types = history.edges.map((e: any) => e.node.type);
      expect(types).toEqual(['DwellingRegistered', 'CommitteeDecisionRecorded', 'DwellingOffered', 'DwellingReserved', 'OfferAccepted', 'ApplicantHoused']);
      expect(history.totalCount).toBe(6);
      const registered = history.edges[0].node;
      expect(registered).toMatchObject({
        streamId: `dwelling-${ids.dwellingId}`,
        revision: '0',
        position: registeredAt.toString(),
        label: 'Bolig registrert (inngående balanse)',
        labelEn: 'Dwelling registered (opening balance)',
        schemaVersion: 1,
        role: expect.any(String),
        actor: expect.any(String),
        correlationId,
      });
      expect(registered.causationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(registered.recordedAt)).not.toBeNaN();
      expect(registered.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(JSON.parse(registered.data)).toMatchObject({ dwellingId: ids.dwellingId, bruksenhetsnummer: 'H0101' });
      expect(history.edges[2].node).toMatchObject({ label: 'Bolig tilbudt', role: 'allocation-committee', actor: 'subject-4711' });
    });

    it('the chain of causes: reservation ← offer ← committee decision ← approval of the application', async () => {
      const { history } = (await ok(DWELLING_HISTORY, { id: ids.dwellingId, p: last.toString() })).dwelling;
      const reserved = history.edges.find((e: any) => e.node.type === 'DwellingReserved').node;
      // The offer is found both through causationId and the domain link; it is listed once.
      expect(reserved.causes).toEqual([{ link: 'causation', depth: 1, causedEventId: reserved.id, event: { type: 'DwellingOffered' } }]);
      expect(reserved.causeChain.map((c: any) => [c.depth, c.link, c.event.type])).toEqual([
        [1, 'causation', 'DwellingOffered'],
        [2, 'committee-decision', 'CommitteeDecisionRecorded'],
        [3, 'application-decision', 'ApplicationDecided'],
      ]);
      const housed = history.edges.find((e: any) => e.node.type === 'ApplicantHoused').node;
      expect(housed.causeChain.map((c: any) => [c.depth, c.link, c.event.type])).toEqual([
        [1, 'causation', 'OfferAccepted'],
        [2, 'offer', 'DwellingOffered'],
        [3, 'committee-decision', 'CommitteeDecisionRecorded'],
        [4, 'application-decision', 'ApplicationDecided'],
      ]);
    });

    it('application, household, offer and stream histories', async () => {
      const application = await ok(`query ($id: ID!, $p: LogPosition) { applicationHistory(id: $id, atLeast: $p) { totalCount edges { node { type label(language: EN) } } } }`, { id: ids.applicationId, p: last.toString() });
      expect(application.applicationHistory.edges.map((e: any) => e.node.type)).toEqual([
        'ApplicationSubmitted', 'ApplicationDecided', 'CommitteeDecisionRecorded', 'DwellingOffered', 'DwellingReserved', 'OfferAccepted', 'ApplicantHoused',
      ]);
      expect(application.applicationHistory.edges[1].node.label).toBe('Application decided');
      // Health-related categories only through the @personalData field (admin here: in clear, the read recorded).
      const submitted = await ok(
        `query ($id: ID!) { applicationHistory(id: $id, first: 1) { edges { node { data subjectId personalData } } } }`,
        { id: ids.applicationId },
      );
      const node = submitted.applicationHistory.edges[0].node;
      expect(JSON.parse(node.data).categories).toEqual([]);
      expect(node.subjectId).toBe(ids.applicantId);
      expect(JSON.parse(node.personalData).categories).toEqual(['disability']);
      const household = await ok(`query ($id: ID!) { householdHistory(applicantId: $id) { totalCount } }`, { id: ids.applicantId });
      expect(household.householdHistory.totalCount).toBe(7);
      const offer = await ok(HISTORY, { entity: { kind: 'OFFER', id: ids.offerId } });
      expect(offer.history.edges.map((e: any) => e.node.type)).toEqual(['CommitteeDecisionRecorded', 'DwellingOffered', 'OfferAccepted', 'ApplicantHoused']);
      const stream = await ok(HISTORY, { stream: `dwelling-${ids.dwellingId}` });
      expect(stream.history.edges.map((e: any) => e.node.type)).toEqual(['DwellingRegistered', 'DwellingReserved']);
      const lease = await ok(`query ($id: ID!) { leaseHistory(id: $id) { totalCount edges { node { type } } } }`, { id: uuidv7() });
      expect(lease.leaseHistory).toEqual({ totalCount: 0, edges: [] });
    });

    it('pages a history with cursors', async () => {
      const first = await ok(HISTORY, { entity: { kind: 'APPLICATION', id: ids.applicationId }, first: 4 });
      expect(first.history.edges).toHaveLength(4);
      expect(first.history.pageInfo.hasNextPage).toBe(true);
      const second = await ok(HISTORY, { entity: { kind: 'APPLICATION', id: ids.applicationId }, first: 4, after: first.history.pageInfo.endCursor });
      expect(second.history.edges.map((e: any) => e.node.type)).toEqual(['DwellingReserved', 'OfferAccepted', 'ApplicantHoused']);
      expect(second.history.pageInfo.hasNextPage).toBe(false);
      const positions = [...first.history.edges, ...second.history.edges].map((e: any) => BigInt(e.node.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    });

    it('refuses unclear requests with the field and the rule', async () => {
      const neither = await service.graphql(HISTORY, {});
      expect(neither.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entity' });
      const notUuid = await service.graphql(`{ leaseHistory(id: "lease-1") { totalCount } }`);
      expect(notUuid.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const badStream = await service.graphql(HISTORY, { stream: 'no stream' });
      expect(badStream.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'streamId' });
    });

    it('one event by id, and time travel on a dwelling and the portfolio summary', async () => {
      const { history } = (await ok(DWELLING_HISTORY, { id: ids.dwellingId, p: last.toString() })).dwelling;
      const reserved = history.edges.find((e: any) => e.node.type === 'DwellingReserved').node;
      const event = await ok(`query ($id: ID!) { event(id: $id) { type position causes { link event { type } } } }`, { id: reserved.id });
      expect(event.event).toMatchObject({ type: 'DwellingReserved', position: reserved.position });

      const justBefore = new Date(Date.parse(reserved.recordedAt) - 1).toISOString();
      const q = `query ($id: ID!, $asOf: DateTime) { dwelling(id: $id, asOf: $asOf) { status revision } portfolioSummary(asOf: $asOf, on: "2025-06-01") { dwellingsInPortfolio byStatus { value count } } }`;
      const before = await ok(q, { id: ids.dwellingId, asOf: justBefore });
      expect(before.dwelling).toEqual({ status: 'AVAILABLE', revision: '0' });
      expect(before.portfolioSummary.byStatus).toEqual([{ value: 'AVAILABLE', count: 1 }]);
      const at = await ok(q, { id: ids.dwellingId, asOf: reserved.recordedAt });
      expect(at.dwelling).toEqual({ status: 'RESERVED', revision: '1' });
      const beforeAll = await ok(q, { id: ids.dwellingId, asOf: '2000-01-01T00:00:00Z' });
      expect(beforeAll.dwelling).toBeNull();
      expect(beforeAll.portfolioSummary.dwellingsInPortfolio).toBe(0);
      const now = await ok(q, { id: ids.dwellingId });
      expect(now.dwelling.status).toBe('RESERVED');
      // The waiting list answers asOf too (its equality with a replay: waiting-list-time-travel.spec.ts).
      const list = await ok(`query ($asOf: DateTime) { waitingList(asOf: $asOf) { totalCount } }`, { asOf: '2000-01-01T00:00:00Z' });
      expect(list.waitingList.totalCount).toBe(0);
    });
  });
}
