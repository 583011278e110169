import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function invalid(scalar: string, rule: string): GraphQLError {
  return new GraphQLError(`${scalar}: ${rule}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Log positions are 64-bit: strings on the wire, bigint inside. */
export const LogPositionScalar = new GraphQLScalarType<bigint, string>({
  name: 'LogPosition',
  serialize: (value) => String(value),
  parseValue: (value) => parsePosition(value),
  parseLiteral: (ast) => parsePosition(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined),
});

function parsePosition(value: unknown): bigint {
  if ((typeof value === 'string' && /^\d{1,19}$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    return BigInt(value);
  }
  throw invalid('LogPosition', 'must be a non-negative whole number written as a string, e.g. "1797259265"');
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): string {
  if (typeof value === 'string' && DATE.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw invalid('Date', 'must be a calendar date written YYYY-MM-DD, e.g. "2025-12-31"');
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw invalid('DateTime', 'must be an ISO 8601 instant with time zone, e.g. "2025-03-01T10:00:00Z"');
}
