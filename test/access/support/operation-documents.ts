import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** A document that calls one root field with every argument passed as a variable, selecting only __typename. */
export function documentFor(schema: GraphQLSchema, rootType: 'Query' | 'Mutation' | 'Subscription', fieldName: string): { query: string; field: GraphQLField<unknown, unknown> } {
  const root = rootType === 'Query' ? schema.getQueryType() : rootType === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const field = root!.getFields()[fieldName]!;
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const keyword = rootType === 'Query' ? 'query' : rootType === 'Mutation' ? 'mutation' : 'subscription';
  return { query: `${keyword} Op${vars ? `(${vars})` : ''} { ${fieldName}${args ? `(${args})` : ''}${selection} }`, field };
}

/** Plausible values for the required arguments (the matrix walk only needs them to get past GraphQL's own checks). */
export function plausibleVariables(args: readonly GraphQLArgument[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of args) if (isNonNullType(a.type)) out[a.name] = plausibleValue(a.type);
  return out;
}

export function plausibleValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return plausibleValue(type.ofType, depth);
  if (isListType(type)) return [plausibleValue(type.ofType, depth + 1)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const o: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) && depth < 6) o[f.name] = plausibleValue(f.type, depth + 1);
    return o;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return '01900000-0000-7000-8000-00000000abcd';
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return false;
      case 'Date':
        return '2025-01-01';
      case 'DateTime':
        return '2025-01-01T00:00:00.000Z';
      case 'LogPosition':
        return '0';
      default:
        return 'x';
    }
  }
  return null;
}
