import { GraphQLError, Kind, type ASTNode, type ASTVisitor } from 'graphql';
import { scrubNationalIds } from '../observability/national-id-scrubber.js';
import { ScalarValueError } from './scalars.js';

/**
 * Where a refused input value is, named as the project names fields (`input.registeredOn`,
 * `atPosition`, `filter.kommunenummer`, `input.persons[0].birthYear`), for `extensions.field` and
 * the message (`<field>: <rule>`), never echoing the value itself (it may be personal data).
 *
 * - Written in the document: graphql-js's ValuesOfCorrectTypeRule reports the value's node (our
 *   scalars attach it, see ScalarValueError) but not where it sits; InputValuePathsRule, a
 *   validation rule run in the same pass, records the path of every value node under an argument
 *   (or a variable's default), and literalFault() looks the node up.
 * - Sent as a variable: graphql-js names the path only inside its message ('Variable "$input" got
 *   invalid value … at "input.registeredOn"; <rule>'); variableFault() takes it from there.
 */
export interface InputFault {
  field: string;
  message: string;
}

const valuePaths = new WeakMap<ASTNode, string>();

/** Records the path of every value written under an argument or as a variable's default; reports nothing. */
export function InputValuePathsRule(): ASTVisitor {
  let segments: string[] = [];
  const outer: string[][] = [];
  const start = (name: string) => {
    outer.push(segments);
    segments = [name];
  };
  const end = () => {
    segments = outer.pop() ?? [];
  };
  const record = (node: ASTNode) => {
    if (segments.length > 0) valuePaths.set(node, segments.join(''));
  };
  // A value that is an element of a list is visited with its index as the key.
  const value = {
    enter(node: ASTNode, key: string | number | undefined) {
      if (typeof key === 'number') segments.push(`[${key}]`);
      record(node);
    },
    leave(_node: ASTNode, key: string | number | undefined) {
      if (typeof key === 'number') segments.pop();
    },
  };
  return {
    Argument: { enter: (node) => start(node.name.value), leave: end },
    VariableDefinition: { enter: (node) => start(node.variable.name.value), leave: end },
    ObjectField: {
      enter(node) {
        segments.push(`.${node.name.value}`);
        record(node);
      },
      leave: () => void segments.pop(),
    },
    IntValue: value,
    FloatValue: value,
    StringValue: value,
    BooleanValue: value,
    NullValue: value,
    EnumValue: value,
    ListValue: value,
    ObjectValue: value,
  };
}

/** A validation error about one value written in the document (wrong type, a scalar's rule, a missing or unknown field). */
export function literalFault(error: GraphQLError): InputFault | null {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  const field = node ? valuePaths.get(node) : undefined;
  return field ? { field, message: `${field}: ${ruleOf(error)}` } : null;
}

/** An error of graphql-js's coercion of the variables (HTTP: possibly wrapped by Apollo as a UserInputError). */
export function variableFault(error: GraphQLError): InputFault | null {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return null;
  const name = node.variable.name.value;
  const cause = error.originalError;
  const head = `Variable "$${name}" got invalid value `;
  if (error.message.startsWith(head) && cause) {
    // 'Variable "$<name>" got invalid value <the value, printed> at "<name><path>"; <cause>' (no
    // " at …" when the variable itself is at fault). A printed string keeps its inner quotes
    // escaped, so an unescaped ' at "<name>…"' right before the cause is the path, never the value.
    const tail = `; ${cause.message}`;
    const shown = error.message.endsWith(tail) ? error.message.slice(head.length, -tail.length) : '';
    const at = new RegExp(` at "(${name}(?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"$`).exec(shown);
    const field = at?.[1] ?? name;
    return { field, message: `${field}: ${ruleOf(cause)}` };
  }
  // 'Variable "$<name>" of required type "…" was not provided.' / 'of non-null type "…" must not be null.'
  if (error.message.startsWith(`Variable "$${name}" of `)) return { field: name, message: error.message };
  return null;
}

/**
 * The rule a value broke: a scalar of ours says it without the value; graphql-js's own words lose
 * the value they print and their "Did you mean …?" (which would map the schema: graphql-armor hides
 * it in the errors it sees, not in the causes read here, nor over graphql-ws).
 */
function ruleOf(error: Error): string {
  const scalar = [error, (error as GraphQLError).originalError].find((e) => e instanceof ScalarValueError);
  if (scalar) return scalar.rule;
  const rule = error.message
    // "Int cannot represent non-integer value: <value>", "String cannot represent a non string value: <value>", …
    .replace(/^(.*? cannot represent .*?value): [\s\S]*$/, '$1')
    .replace(/\s*(?:Did you mean|\[Suggestion hidden\])[\s\S]*$/, '');
  return scrubNationalIds(rule);
}
