import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { packageRoot } from '../../src/package-root.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';

/** The auditor reads everything of the audit (histories, time travel, the chain check) and cannot run any mutation. */

type Role = 'caseworker' | 'allocation-committee' | 'auditor' | 'property-company' | 'reporting' | 'admin';
type GraphqlAs = (role: Role | null, query: string, variables?: Record<string, unknown>) => Promise<{ status: number; body: { data?: any; errors?: any } }>;

const sdl = readdirSync(join(packageRoot, 'schema'))
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => readFileSync(join(packageRoot, 'schema', f), 'utf8'))
  .join('\n');

/** A valid literal for an argument of this type (the refusal must be about the role, not the input). */
function literal(type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return literal(type.ofType, depth);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int': return '1';
      case 'Float': return '1.5';
      case 'Boolean': return 'false';
      case 'ID': return `"${uuidv7()}"`;
      case 'Date': return '"2025-01-15"';
      case 'DateTime': return '"2025-01-15T10:00:00Z"';
      case 'LogPosition': return '"1"';
      default: return '"x"';
    }
  }
  throw new Error(`no literal for ${String(type)}`);
}

function selection(type: GraphQLOutputType): string {
  return isObjectType(getNamedType(type)) ? ' { __typename }' : '';
}

/** One document per Mutation field of the schema, with every required argument given. */
function everyMutation(): Array<{ field: string; document: string }> {
  const mutation = buildSchema(sdl).getMutationType()!;
  return Object.values(mutation.getFields()).map((field) => {
    const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
    return { field: field.name, document: `mutation { ${field.name}${argText}${selection(field.type)} }` };
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`the auditor role (${kind})`, () => {
    let service: TestService;
    let as: GraphqlAs;
    let dwellingId: string;
    let position: string;
    beforeAll(async () => {
      service = await startTestService(kind);
      as = (service as TestService & { graphqlAs: GraphqlAs }).graphqlAs;
      const registered = await as(
        'admin',
        `mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId position } }`,
        {
          input: {
            matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 }, bruksenhetsnummer: 'H0101',
            address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' }, district: 'Nordlandet',
            dwellingType: 'ORDINARY', rooms: 3, bedrooms: 2, primaryAreaM2: 62.5, floor: 1, wheelchairAccessible: true,
            universallyDesigned: false, sharedLiving: false, rentToOwnPotential: true, ownership: 'MUNICIPAL', registeredOn: '2024-01-15',
          },
        },
      );
      dwellingId = registered.body.data.registerDwelling.dwellingId;
      position = registered.body.data.registerDwelling.position;
      // On a busy server the read models may need longer than a query's read-your-writes wait.
      await service.runtime.runner.waitForPosition(BigInt(position), 60_000);
    }, 90_000);
    afterAll(() => service.stop());

    it(`reads histories with causes, time travel and the chain check`, async () => {
      const r = await as(
        'auditor',
        `query ($id: ID!, $p: LogPosition, $asOf: DateTime) {
          dwelling(id: $id, atLeast: $p) { history(atLeast: $p) { totalCount edges { node { type label actor role recordedAt causeChain { link } } } } }
          past: dwelling(id: $id, asOf: $asOf) { status }
          portfolioSummary(asOf: $asOf) { dwellingsInPortfolio }
          history(entity: { kind: DWELLING, id: $id }) { totalCount }
          applicationHistory(id: $id) { totalCount }
          householdHistory(applicantId: $id) { totalCount }
          leaseHistory(id: $id) { totalCount }
          verifyEventChain { ok }
        }`,
        { id: dwellingId, p: position, asOf: '2000-01-01T00:00:00Z' },
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.dwelling.history.totalCount).toBe(1);
      expect(r.body.data.past).toBeNull();
      expect(r.body.data.portfolioSummary.dwellingsInPortfolio).toBe(0);
      expect(r.body.data.verifyEventChain.ok).toBe(true);
    });

    it(`sees a household's health-related categories only as the subject's pseudonymous id`, async () => {
      const applicationId = uuidv7();
      const applicantId = uuidv7();
      const { position: p } = await service.runtime.store.append(
        `application-${applicationId}`,
        [{
          id: uuidv7(), type: 'ApplicationSubmitted', schemaVersion: 1,
          data: { applicationId, kind: 'new', currentLeaseId: null, submittedOn: '2025-01-10', household: { applicantId, memberIds: [], size: 1, children: 0 },
            housingSituation: 'without-home', categories: ['disability'], refugeeArrivalDate: null,
            needs: { minBedrooms: 1, wheelchairAccessible: false, groundFloorOrLift: false, careServicesNear: false, preferredDistricts: [], avoidedDistricts: [] },
            urgency: 'normal', actor: 'subject-1' },
          metadata: { actor: 'subject-1', role: 'caseworker', correlationId: uuidv7(), causationId: uuidv7(), occurredAt: '2025-01-10T09:00:00.000Z' },
        }],
        'no_stream',
      );
      await service.runtime.runner.waitForPosition(p, 60_000);
      const r = await as('auditor', `query ($id: ID!) { applicationHistory(id: $id) { edges { node { data personalData } } } }`, { id: applicationId });
      expect(r.body.errors).toBeUndefined();
      const node = r.body.data.applicationHistory.edges[0].node;
      expect(JSON.parse(node.data).categories).toEqual([]);
      expect(node.personalData).toBe(applicantId);

      // The application itself, its history and the category filter say no more to the auditor.
      const read = `query ($id: ID!) { application(id: $id) { categories history { details } } }`;
      const audited = await as('auditor', read, { id: applicationId });
      expect(audited.body.errors).toBeUndefined();
      expect(audited.body.data.application.categories).toEqual([]);
      expect(JSON.parse(audited.body.data.application.history[0].details).categories).toEqual([]);
      const filtered = await as('auditor', `{ applications(filter: { category: DISABILITY }) { totalCount } }`);
      expect(filtered.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CATEGORY_NOT_ALLOWED', field: 'filter.category' });
      expect(filtered.body.data?.applications ?? null).toBeNull();
      const refugees = await as('auditor', `{ applications(filter: { category: REFUGEE_SETTLEMENT }) { totalCount } }`);
      expect(refugees.body.errors).toBeUndefined();
      // The caseworker, who decides the case, sees it.
      const caseworker = await as('caseworker', read, { id: applicationId });
      expect(caseworker.body.data.application.categories).toEqual(['DISABILITY']);
      expect(JSON.parse(caseworker.body.data.application.history[0].details).categories).toEqual(['disability']);
      const selected = await as('caseworker', `{ applications(filter: { category: DISABILITY }) { totalCount } }`);
      expect(selected.body.data.applications.totalCount).toBe(1);
    });

    it("keeps a dwelling's history from the property company, which may read the dwelling itself", async () => {
      const r = await as('property-company', `query ($id: ID!) { dwelling(id: $id) { id history { totalCount } } }`, { id: dwellingId });
      expect(r.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect(r.body.data.dwelling).toBeNull();
    });

    it('is refused every mutation of the schema (FORBIDDEN), and nothing is written', async () => {
      const before = await service.runtime.store.headPosition();
      const mutations = everyMutation();
      expect(mutations.length).toBeGreaterThan(10);
      for (const { field, document } of mutations) {
        const r = await as('auditor', document);
        const codes = (r.body.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
        expect({ field, codes }).toEqual({ field, codes: ['FORBIDDEN'] });
      }
      expect(await service.runtime.store.headPosition()).toBe(before);
    });
  });
}
