import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value one of these scalars refuses: the rule, never the value (it may be personal data), and,
 * when it is written in the document, its node (so the error has a location and
 * format-error.ts finds the field it belongs to).
 */
export class ScalarValueError extends GraphQLError {
  constructor(
    readonly scalar: string,
    readonly rule: string,
    node?: ValueNode,
  ) {
    super(`${scalar}: ${rule}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
    this.name = 'ScalarValueError';
  }
}

/** Log positions are 64-bit: strings on the wire, bigint inside. */
export const LogPositionScalar = new GraphQLScalarType<bigint, string>({
  name: 'LogPosition',
  serialize: (value) => String(value),
  parseValue: (value) => parsePosition(value),
  parseLiteral: (ast) => parsePosition(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined, ast),
});

function parsePosition(value: unknown, node?: ValueNode): bigint {
  if ((typeof value === 'string' && /^\d{1,19}$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    return BigInt(value);
  }
  throw new ScalarValueError('LogPosition', 'must be a non-negative whole number written as a string, e.g. "1797259265"', node);
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && DATE.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw new ScalarValueError('Date', 'must be a calendar date written YYYY-MM-DD, e.g. "2025-12-31"', node);
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

function parseDateTime(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw new ScalarValueError('DateTime', 'must be an ISO 8601 instant with time zone, e.g. "2025-03-01T10:00:00Z"', node);
}
