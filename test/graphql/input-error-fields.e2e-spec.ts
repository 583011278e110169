import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { realPostgresAvailable } from '../support/test-database.js';
import { dwellingInput } from '../support/dwelling-input.js';
import { startTestService, type TestService } from '../support/test-service.js';

/**
 * A value GraphQL itself refuses (a custom scalar's rule, a built-in type, a missing field) names the
 * field at fault in `extensions.field` and in the message, whether it is written in the document or
 * sent as a variable, without echoing the value (README "API", Errors).
 */
describe('refused input values name their field', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite');
  }, 60_000);
  afterAll(() => service?.stop());

  const DATE_RULE = 'must be a calendar date written YYYY-MM-DD, e.g. "2025-12-31"';
  const POSITION_RULE = 'must be a non-negative whole number written as a string, e.g. "1797259265"';
  const REGISTER = 'mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId } }';
  const KOSTRA = '{ kostraReport(year: 2025, atPosition: "abc") { year } }';
  /** registerDwelling with the input written in the document, `registeredOn` as given. */
  const inlineRegister = (registeredOn: string) =>
    `mutation { registerDwelling(input: { matrikkel: { kommunenummer: "5001", gardsnummer: 400, bruksnummer: 12 }, bruksenhetsnummer: "H0101",
      address: { street: "Elgeseter gate 10", postalCode: "7030", postalTown: "Trondheim" }, district: "Midtbyen", dwellingType: ORDINARY,
      rooms: 3, bedrooms: 2, primaryAreaM2: 70, floor: 1, wheelchairAccessible: false, universallyDesigned: false, sharedLiving: false,
      rentToOwnPotential: false, ownership: MUNICIPAL, registeredOn: ${registeredOn} }) { dwellingId } }`;

  describe('written in the document', () => {
    it('an impossible Date inside an input object: the argument path and the rule, with its location', async () => {
      const r = await service.graphql(inlineRegister('"2024-02-30"'));
      expect(r.status).toBe(400);
      expect(r.body.errors).toHaveLength(1);
      const [error] = r.body.errors;
      expect(error.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.registeredOn' });
      expect(error.message).toBe(`input.registeredOn: ${DATE_RULE}`);
      expect(error.locations).toEqual([{ line: 4, column: 70 }]);
    });

    it('a LogPosition argument that is not a number: the argument and the rule', async () => {
      const r = await service.graphql(KOSTRA);
      expect(r.status).toBe(400);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'atPosition' });
      expect(r.body.errors[0].message).toBe(`atPosition: ${POSITION_RULE}`);
      expect(r.body.errors[0].locations).toEqual([{ line: 1, column: 40 }]);
    });

    it('a value of the wrong kind for a custom scalar, in a list and in a variable default', async () => {
      const number = await service.graphql(inlineRegister('20240230'));
      expect(number.body.errors[0]).toMatchObject({ message: `input.registeredOn: ${DATE_RULE}`, extensions: { field: 'input.registeredOn' } });
      const inDefault = await service.graphql('query ($p: LogPosition = "-1") { kostraReport(year: 2025, atPosition: $p) { year } }');
      expect(inDefault.body.errors[0]).toMatchObject({ message: `p: ${POSITION_RULE}`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'p' } });
    });

    it('built-in types and missing fields name their field too', async () => {
      const rooms = await service.graphql(inlineRegister('"2024-02-01"').replace('rooms: 3', 'rooms: "three"'));
      expect(rooms.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.rooms' });
      expect(rooms.body.errors[0].message).toMatch(/^input\.rooms: Int cannot represent/);
      const missing = await service.graphql(inlineRegister('"2024-02-01"').replace('district: "Midtbyen",', ''));
      expect(missing.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'input' });
      expect(missing.body.errors[0].message).toMatch(/^input: Field "RegisterDwellingInput\.district" of required type "String!" was not provided/);
    });

    it('gives no suggestions for a misspelt field or enum value', async () => {
      const field = await service.graphql(inlineRegister('"2024-02-01"').replace('district:', 'distrct:'));
      expect(field.body.errors.map((e: any) => e.extensions.field)).toEqual(expect.arrayContaining(['input.distrct', 'input']));
      const dwellingType = await service.graphql(inlineRegister('"2024-02-01"').replace('dwellingType: ORDINARY', 'dwellingType: ORDINAR'));
      expect(dwellingType.body.errors[0]).toMatchObject({ message: 'input.dwellingType: Value "ORDINAR" does not exist in "DwellingType" enum.', extensions: { field: 'input.dwellingType' } });
      const variable = await service.graphql(REGISTER, { input: dwellingInput({ registeredOn: '2024-02-01', dwellingType: 'ORDINAR', distrct: 'x' }) });
      expect(variable.body.errors.map((e: any) => e.extensions.field).sort()).toEqual(['input', 'input.dwellingType']);
      for (const r of [field, dwellingType, variable]) expect(JSON.stringify(r.body)).not.toMatch(/Did you mean|Suggestion hidden|"ORDINARY"|"district"/);
    });

    it('an error that is not about a value is left as graphql-js words it', async () => {
      const r = await service.graphql('{ kostraReport(year: 2025, nope: 1) { year } }');
      expect(r.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(r.body.errors[0].message).toBe('Unknown argument "nope" on field "Query.kostraReport".');
    });
  });

  describe('sent as variables', () => {
    it('an impossible Date inside an input variable: the variable path and the rule, not the value', async () => {
      const r = await service.graphql(REGISTER, { input: dwellingInput({ registeredOn: '2024-02-30' }) });
      expect(r.status).toBe(400);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.registeredOn' });
      expect(r.body.errors[0].message).toBe(`input.registeredOn: ${DATE_RULE}`);
      expect(r.body.errors[0].message).not.toContain('2024-02-30');
    });

    it('a LogPosition variable: the variable and the rule', async () => {
      const r = await service.graphql('query ($p: LogPosition) { kostraReport(year: 2025, atPosition: $p) { year } }', { p: 'abc' });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'p' });
      expect(r.body.errors[0].message).toBe(`p: ${POSITION_RULE}`);
    });

    it('paths through lists, and built-in types, name the field without echoing what was sent', async () => {
      const nationalId = '15058512345'; // a synthetic fødselsnummer
      const rooms = await service.graphql(REGISTER, { input: dwellingInput({ rooms: nationalId, registeredOn: '2024-02-01' }) });
      expect(rooms.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.rooms' });
      expect(rooms.body.errors[0].message).toMatch(/^input\.rooms: Int cannot represent/);
      expect(JSON.stringify(rooms.body)).not.toContain(nationalId);
      // A missing required field: graphql-js would print the whole object (street names, ids …) in its message.
      const { district: _, ...withoutDistrict } = dwellingInput({ registeredOn: '2024-02-01', bruksenhetsnummer: nationalId });
      const missing = await service.graphql(REGISTER, { input: withoutDistrict });
      expect(missing.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
      expect(missing.body.errors[0].message).toBe('input: Field "district" of required type "String!" was not provided.');
      expect(JSON.stringify(missing.body)).not.toContain(nationalId);
    });

    it('a required variable that is missing or null names the variable', async () => {
      const absent = await service.graphql(REGISTER, {});
      expect(absent.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
      const nulled = await service.graphql(REGISTER, { input: null });
      expect(nulled.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
    });

    it('over graphql-ws the same code, field and message as over HTTP', async () => {
      const client = createClient({ url: service.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: service.wsConnectionParams() });
      try {
        for (const input of [dwellingInput({ registeredOn: '2024-02-30' }), dwellingInput({ rooms: 1.5, registeredOn: '2024-02-01' })]) {
          const overSocket = await new Promise<any>((resolve, reject) => {
            let value: any;
            client.subscribe({ query: REGISTER, variables: { input } }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
          });
          const overHttp = await service.graphql(REGISTER, { input });
          expect(overSocket.errors[0].extensions).toEqual(overHttp.body.errors[0].extensions);
          expect(overSocket.errors[0].message).toBe(overHttp.body.errors[0].message);
        }
        // Refused before execution (a value written in the document): graphql-ws reports it as an error of the subscription.
        for (const query of [inlineRegister('"2024-02-30"'), KOSTRA, 'query { logHead( }']) {
          const refused = await new Promise<any>((resolve) => {
            client.subscribe({ query }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
          });
          const overHttp = await service.graphql(query);
          expect(refused[0].extensions).toEqual(overHttp.body.errors[0].extensions);
          expect(refused[0].message).toBe(overHttp.body.errors[0].message);
        }
      } finally {
        await client.dispose();
      }
    });
  });
});
