import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { IncomingMessage } from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Runtime } from '../runtime/runtime.js';
import { requestContextFrom, type RequestContext } from '../graphql/request-context.js';
import { accessServices } from './access-services.js';
import { bearerToken } from './http-authentication.js';
import type { Identity } from './identity.js';
import { authorizeOperation, checkPageSizes, guardRootFields } from './operation-authorization.js';
import { enforcePersonalDataFields } from './personal-data-fields.js';
import { findUnstorableText } from './unstorable-text.js';
import type { Role } from './roles.js';
import { AuthenticationError } from './token-verifier.js';
import type { Context as WsContext } from 'graphql-ws';

interface WsExtra {
  request?: { headers?: Record<string, string | string[] | undefined> };
  identity?: Identity;
}

/** Depth, cost, alias, directive and token limits and no field suggestions (graphql-armor), from config. */
export function armor(runtime: Runtime): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const limits = runtime.config.limits;
  const protection = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: 50 },
    // The token limit is graphql-js's own parse option (parseOptions in app.module.ts): armor's plugin
    // answers a long document with status 500, the parser with 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    // "Did you mean …?" would let a caller map the schema without introspection.
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // graphql-armor's types come from Apollo's CommonJS build, ours from its ESM build: the same objects.
  return { plugins: protection.plugins as unknown as ApolloServerPlugin[], validationRules: protection.validationRules };
}

/** graphql-js parse options: the token limit. */
export function parseOptions(runtime: Runtime) {
  return { maxTokens: runtime.config.limits.maxTokens };
}

/** The Apollo plugin that refuses an operation before it runs: role rules, then list sizes. */
export function accessPlugin(runtime: Runtime): ApolloServerPlugin<{ request: RequestContext }> {
  const maxPageSize = runtime.config.limits.maxPageSize;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const refused =
            authorizeOperation(document, request.operationName, contextValue.request.role as Role) ??
            checkPageSizes(document, request.variables, maxPageSize) ??
            findUnstorableText(document, request.variables);
          if (refused) throw refused;
        },
      };
    },
  };
}

/** The GraphQL context of a request: its verified identity (HTTP: the middleware's; websocket: the handshake's). */
export function graphqlContext(runtime: Runtime) {
  const { personalDataReads } = accessServices(runtime);
  return ({ req, extra }: { req?: IncomingMessage & { identity?: Identity }; extra?: { request?: { headers?: Record<string, string> }; identity?: Identity } }) => ({
    request: requestContextFrom(req?.headers ?? extra?.request?.headers, req?.identity ?? extra?.identity),
    personalDataReads,
  });
}

/** Applied to the executable schema: `@personalData` enforcement and the root-field guard; keeps the schema for websocket checks. */
export function accessSchemaTransform(runtime: Runtime) {
  return (schema: GraphQLSchema): GraphQLSchema => {
    const transformed = guardRootFields(enforcePersonalDataFields(schema));
    accessServices(runtime).schema = transformed;
    return transformed;
  };
}

/**
 * graphql-ws: the handshake must carry a valid token (connection params `Authorization: Bearer …`,
 * or the upgrade request's header), else the socket is closed (4403 Forbidden); each operation is
 * checked like an HTTP one (armor's limits, role rules, list sizes) before it runs.
 */
export function websocketAccess(runtime: Runtime) {
  const services = accessServices(runtime);
  const rules: ValidationRule[] = [...specifiedRules, ...armor(runtime).validationRules];
  return {
    onConnect: async (ctx: WsContext) => {
      const extra = ctx.extra as WsExtra;
      const params = ctx.connectionParams ?? {};
      const header = params.Authorization ?? params.authorization ?? extra.request?.headers?.authorization;
      const token = bearerToken(header);
      if (!token) return false;
      try {
        extra.identity = await services.verifier.verify(token);
        return true;
      } catch (error) {
        if (error instanceof AuthenticationError) return false;
        throw error;
      }
    },
    onSubscribe: (
      ctx: WsContext,
      _id: string,
      payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    ): GraphQLError[] | void => {
      const schema = services.schema;
      const role = (ctx.extra as WsExtra).identity?.role;
      if (!schema || !role) return [new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: runtime.config.limits.maxTokens });
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('the document does not parse')];
      }
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return [...errors];
      const refused =
        authorizeOperation(document, payload.operationName, role) ??
        checkPageSizes(document, payload.variables ?? undefined, runtime.config.limits.maxPageSize) ??
        findUnstorableText(document, payload.variables);
      if (refused) return [refused];
    },
  };
}
