import {
  defaultFieldResolver,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  getOperationAST,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { selectedFieldNames } from '../graphql/selected-fields.js';
import { rolesAllowed } from './operation-rules.js';
import type { Role } from './roles.js';

const ROOT_TYPE: Record<string, string> = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };

/** The root fields an operation selects (through fragments too), e.g. ['Query.dwellings', 'Query.__typename']. */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const rootType = ROOT_TYPE[operation.operation]!;
  return [...selectedFieldNames([operation.selectionSet], fragments)].map((name) => `${rootType}.${name}`);
}

/**
 * Refuses the whole operation, before anything runs, when one of its root fields is not allowed for
 * the caller's role (a mutation is never half done because its second field was forbidden).
 */
export function authorizeOperation(document: DocumentNode, operationName: string | null | undefined, role: Role): GraphQLError | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return null; // graphql itself answers "unknown operation"
  const refused = rootFieldsOf(document, operation).filter((f) => !f.endsWith('.__typename') && !rolesAllowed(...split(f)).includes(role));
  if (refused.length === 0) return null;
  return new GraphQLError(`the role ${role} may not use ${refused.join(', ')}`, {
    extensions: { code: 'FORBIDDEN', reason: 'OPERATION_NOT_ALLOWED', http: { status: 403 } },
  });
}

/**
 * Every list argument is bounded: `first` (and `last`) above the configured maximum, or below 0,
 * refuses the operation before it runs, wherever the field is in the document. A list may set a
 * lower maximum of its own (graphql/connection.ts, same reason, same words); this check knows only
 * MAX_PAGE_SIZE, so it says that much and no more: 0 is allowed by every list (an empty page).
 */
export function checkPageSizes(document: DocumentNode, variables: Record<string, unknown> | undefined, maxPageSize: number): GraphQLError | null {
  let problem: GraphQLError | null = null;
  const visit = (set: SelectionSetNode | undefined) => {
    if (!set || problem) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        for (const arg of s.arguments ?? []) {
          if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
          const value = valueFromASTUntyped(arg.value, variables ?? {});
          if (typeof value === 'number' && (value > maxPageSize || value < 0)) {
            problem = new GraphQLError(`${s.name.value}.${arg.name.value}: must be a whole number from 0 (an empty page) to the list's own maximum, never above ${maxPageSize} (MAX_PAGE_SIZE)`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE', field: arg.name.value, http: { status: 400 } },
            });
            return;
          }
        }
      }
      visit(s.kind === Kind.FRAGMENT_SPREAD ? undefined : s.selectionSet);
    }
  };
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) visit(d.selectionSet);
  }
  return problem;
}

function split(field: string): [string, string] {
  const dot = field.indexOf('.');
  return [field.slice(0, dot), field.slice(dot + 1)];
}

/**
 * Second line of defence, on the executable schema: every root field's resolver (and a
 * subscription's subscribe) checks the role again, so a path that skipped the operation check
 * still cannot run a field the role may not use.
 */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const allowed = rolesAllowed(root.name, field.name);
      const check = (context: unknown) => {
        const role = (context as { request?: { role?: string } } | undefined)?.request?.role;
        if (!allowed.includes(role as Role)) {
          throw new GraphQLError(`the role ${role ?? 'unauthenticated'} may not use ${root.name}.${field.name}`, {
            extensions: { code: 'FORBIDDEN', reason: 'OPERATION_NOT_ALLOWED' },
          });
        }
      };
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, context, info) => {
        check(context);
        return resolve(parent, args, context, info);
      };
      if (field.subscribe) {
        const subscribe = field.subscribe;
        field.subscribe = (parent, args, context, info) => {
          check(context);
          return subscribe(parent, args, context, info);
        };
      }
    }
  }
  return schema;
}
