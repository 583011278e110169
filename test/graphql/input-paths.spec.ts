import { buildSchema, execute, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { literalFault, InputValuePathsRule, variableFault } from '../../src/graphql/input-paths.js';
import { DateScalar, LogPositionScalar } from '../../src/graphql/scalars.js';

/** How graphql/input-paths.ts finds the field of a refused value, on a small schema with the project's scalars. */
describe('the field of a refused input value', () => {
  const schema = buildSchema(`
    scalar Date
    scalar LogPosition
    input Visit { on: Date!, note: String }
    input Plan { visits: [Visit!]!, label: String }
    type Query { plan(input: Plan!, at: LogPosition, days: [Date!]): Int }
  `);
  Object.assign(schema.getType('Date')!, { parseValue: DateScalar.parseValue, parseLiteral: DateScalar.parseLiteral });
  Object.assign(schema.getType('LogPosition')!, { parseValue: LogPositionScalar.parseValue, parseLiteral: LogPositionScalar.parseLiteral });
  const DATE_RULE = 'must be a calendar date written YYYY-MM-DD, e.g. "2025-12-31"';

  const literal = (query: string) => validate(schema, parse(query), [...specifiedRules, InputValuePathsRule]).map((e) => literalFault(e));
  const variables = (query: string, values: Record<string, unknown>) => {
    const result = execute({ schema, document: parse(query), variableValues: values }) as { errors?: readonly GraphQLError[] };
    return (result.errors ?? []).map((e) => variableFault(e));
  };

  it('in the document: through input objects and lists, for each argument', () => {
    expect(literal('{ plan(input: { visits: [{ on: "2025-01-01" }, { on: "2025-02-30" }] }, at: "x", days: ["2025-01-01", "2025-13-01"]) }')).toEqual([
      { field: 'input.visits[1].on', message: `input.visits[1].on: ${DATE_RULE}` },
      { field: 'at', message: 'at: must be a non-negative whole number written as a string, e.g. "1797259265"' },
      { field: 'days[1]', message: `days[1]: ${DATE_RULE}` },
    ]);
  });

  it('in the document: an argument of a directive is named by itself, a default by its variable', () => {
    expect(literal('query ($d: [Date!] = ["x"]) { plan(input: { visits: [] }, days: $d) @include(if: "yes") }')).toEqual([
      { field: 'd[0]', message: `d[0]: ${DATE_RULE}` },
      { field: 'if', message: 'if: Boolean cannot represent a non boolean value' },
    ]);
  });

  it('as variables: the path graphql-js reports, whatever the variable is called, without the value', () => {
    const query = 'query ($plan: Plan!, $p: LogPosition) { plan(input: $plan, at: $p) }';
    expect(variables(query, { plan: { visits: [{ on: '2025-01-01' }, { on: '2025-02-30' }] }, p: '-1' })).toEqual([
      { field: 'plan.visits[1].on', message: `plan.visits[1].on: ${DATE_RULE}` },
      { field: 'p', message: 'p: must be a non-negative whole number written as a string, e.g. "1797259265"' },
    ]);
  });

  it('as variables: a value that looks like a path is not taken for one', () => {
    const query = 'query ($plan: Plan!, $p: LogPosition) { plan(input: $plan, at: $p) }';
    // Printed, the value is "x\" at \"p" (its quotes escaped): no unescaped ' at "p' before the rule.
    const tricky = 'x" at "p';
    expect(variables(query, { plan: { visits: [{ on: `${tricky}lan.label` }] }, p: tricky })).toEqual([
      { field: 'plan.visits[0].on', message: `plan.visits[0].on: ${DATE_RULE}` },
      { field: 'p', message: 'p: must be a non-negative whole number written as a string, e.g. "1797259265"' },
    ]);
  });

  it('as variables: graphql-js\'s own rules, without the value and without a national id', () => {
    const query = 'query ($plan: Plan!) { plan(input: $plan) }';
    expect(variables(query, { plan: { visits: [{ on: '2025-01-01', note: 15058512345 }] } })).toEqual([
      { field: 'plan.visits[0].note', message: 'plan.visits[0].note: String cannot represent a non string value' },
    ]);
    const [missing] = variables(query, { plan: { label: '15058512345' } });
    expect(missing).toEqual({ field: 'plan', message: 'plan: Field "visits" of required type "[Visit!]!" was not provided.' });
    expect(variables(query, {})).toEqual([{ field: 'plan', message: 'Variable "$plan" of required type "Plan!" was not provided.' }]);
  });

  it('gives no suggestions (they would map the schema)', () => {
    const [unknown] = variables('query ($plan: Plan!) { plan(input: $plan) }', { plan: { visits: [], lable: 'x' } });
    expect(unknown).toEqual({ field: 'plan', message: 'plan: Field "lable" is not defined by type "Plan".' });
    expect(literal('{ plan(input: { visits: [], lable: "x" }) }')).toEqual([{ field: 'input.lable', message: 'input.lable: Field "lable" is not defined by type "Plan".' }]);
  });

  it('leaves other errors alone', () => {
    expect(literal('{ plan(input: { visits: [] }, nope: 1) }')).toEqual([null]);
  });
});
