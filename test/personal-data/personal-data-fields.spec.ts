import { buildSchema, execute, parse, type GraphQLSchema } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { enforcePersonalDataFields } from '../../src/access/personal-data-fields.js';
import { ROLES } from '../../src/access/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { PersonalDataReadLog } from '../../src/personal-data/personal-data-read-log.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data-vault.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

/**
 * `@personalData` on a schema shaped like the applications feature's (a person record with sealed
 * fields, opened through the vault by its resolver), executed on a real database.
 */
const SDL = `
  directive @personalData(subject: String = "personId") on FIELD_DEFINITION
  type Query { persons: [Person!]! }
  type Person {
    personId: ID!
    fullName: String @personalData
    nationalId: String! @personalData
    healthCategories: [String!] @personalData
    birthYear: Int @personalData(subject: "personId")
  }
`;

for (const kind of testDatabaseKinds()) {
  describe(`@personalData fields on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let vault: PersonalDataVault;
    let log: PersonalDataReadLog;
    let schema: GraphQLSchema;
    const kari = uuidv7();
    const ola = uuidv7();
    let rows: { personId: string; sealed: string }[];

    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), createLogger('silent'));
      vault = new PersonalDataVault(runtime.pool);
      log = new PersonalDataReadLog(runtime.pool);
      rows = [
        { personId: kari, sealed: await vault.seal(kari, { fullName: 'Kari Nordmann', nationalId: '15058512345', healthCategories: ['substance-abuse'], birthYear: 1985 }) },
        { personId: ola, sealed: await vault.seal(ola, { fullName: 'Ola Nordmann', nationalId: '01017012345', healthCategories: [], birthYear: 1970 }) },
      ];
      schema = buildSchema(SDL);
      // The resolvers a feature writes: open the sealed record, pick a field.
      const open = async (p: { personId: string; sealed: string }) => vault.open<Record<string, unknown>>(p.personId, p.sealed);
      schema.getQueryType()!.getFields().persons!.resolve = () => rows;
      for (const f of ['fullName', 'nationalId', 'healthCategories', 'birthYear']) {
        (schema.getType('Person') as any).getFields()[f].resolve = async (p: any) => (await open(p))?.[f] ?? (f === 'nationalId' ? '(erased)' : null);
      }
      enforcePersonalDataFields(schema);
    });
    afterAll(async () => {
      await runtime?.close();
      await db?.drop();
    });

    const run = (role: string, actor = `${role}-1`) =>
      execute({
        schema,
        document: parse('query CaseFile { persons { personId fullName nationalId healthCategories birthYear } }'),
        contextValue: { request: { actor, role, correlationId: `c-${actor}`, purpose: 'sak 2025/17' }, personalDataReads: log },
      });

    it('resolves in clear for caseworker, allocation-committee and admin, recording every read before answering', async () => {
      for (const role of ['caseworker', 'allocation-committee', 'admin']) {
        const before = await log.count({ actor: `${role}-1` });
        const r = await run(role);
        expect(r.errors).toBeUndefined();
        expect((r.data as any).persons[0]).toEqual({ personId: kari, fullName: 'Kari Nordmann', nationalId: '15058512345', healthCategories: ['substance-abuse'], birthYear: 1985 });
        // 2 persons × 4 fields (Ola's empty list is still a read of his health categories).
        expect((await log.count({ actor: `${role}-1` })) - before).toBe(8);
      }
      const reads = await log.list({ subjectId: kari, actor: 'caseworker-1', limit: 10 });
      expect(reads.map((r) => r.field).sort()).toEqual(['Person.birthYear', 'Person.fullName', 'Person.healthCategories', 'Person.nationalId']);
      expect(reads[0]).toMatchObject({ role: 'caseworker', operation: 'CaseFile', correlationId: 'c-caseworker-1', purpose: 'sak 2025/17' });
    });

    it('gives every other role the pseudonymous id (text fields) or null, without opening anything or recording a read', async () => {
      for (const role of ROLES.filter((r) => !['caseworker', 'allocation-committee', 'admin'].includes(r))) {
        const r = await run(role);
        expect(r.errors).toBeUndefined();
        expect((r.data as any).persons[1]).toEqual({ personId: ola, fullName: ola, nationalId: ola, healthCategories: null, birthYear: null });
        expect(JSON.stringify(r.data)).not.toMatch(/Nordmann|15058512345|01017012345|substance/);
        expect(await log.count({ actor: `${role}-1` })).toBe(0);
      }
    });

    it('answers nothing of a forgotten person; only a value a resolver still returns (here a placeholder) counts as a read', async () => {
      await vault.erase(ola);
      const r = await run('caseworker', 'caseworker-2');
      expect((r.data as any).persons[1]).toEqual({ personId: ola, fullName: null, nationalId: '(erased)', healthCategories: null, birthYear: null });
      expect(await log.count({ actor: 'caseworker-2', subjectId: ola })).toBe(1); // only the placeholder text, which is not personal data
    });

    it('refuses at start a non-null field that cannot hold the pseudonym', () => {
      const bad = buildSchema(`directive @personalData(subject: String = "personId") on FIELD_DEFINITION
        type Query { p: P } type P { personId: ID! birthYear: Int! @personalData }`);
      expect(() => enforcePersonalDataFields(bad)).toThrow(/P.birthYear is @personalData and must be nullable/);
    });
  });
}
