import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { IncomingMessage } from 'node:http';
import { execute, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Runtime } from '../runtime/runtime.js';
import { requestContextFrom, type RequestContext } from '../graphql/request-context.js';
import { accessServices } from './access-services.js';
import { bearerToken, ipClient, verifyPresentedToken } from './http-authentication.js';
import type { Identity } from './identity.js';
import { authorizeOperation, checkPageSizes, guardRootFields } from './operation-authorization.js';
import { enforcePersonalDataFields } from './personal-data-fields.js';
import { findUnstorableText } from './unstorable-text.js';
import type { Role } from './roles.js';
import { AuthenticationError } from './token-verifier.js';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { inFlightRequests } from '../graphql/in-flight-requests.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import { InputValuePathsRule } from '../graphql/input-paths.js';

/** What graphql-ws keeps per socket: its own `socket` and upgrade `request`, and what the handshake verified. */
interface WsExtra {
  socket?: { close(code: number, reason: string): void };
  request?: { headers?: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } };
  identity?: Identity;
  /** The handshake's token: checked again before each operation and when it expires. */
  token?: string;
  /** The check that closes the socket once the token is no longer accepted. */
  expiryCheck?: NodeJS.Timeout;
  /** Set when the socket has closed (perhaps while its handshake was being verified): no more checks. */
  closed?: boolean;
}

/** How often a token past its `exp` is checked again while the verifier's clock tolerance still accepts it. */
const EXPIRY_RECHECK_MS = 1_000;
/** setTimeout's longest delay (about 24.8 days); a token that lives longer is checked again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Depth, cost, alias, directive and token limits and no field suggestions (graphql-armor), from
 * config; and the rule that records where each value written in the document is, so that a refused
 * value's error names its field (graphql/input-paths.ts).
 */
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
  return { plugins: protection.plugins as unknown as ApolloServerPlugin[], validationRules: [...protection.validationRules, InputValuePathsRule] };
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
 * checked like an HTTP one (the token again, armor's limits, role rules, list sizes) before it runs.
 * A handshake whose token fails (or is missing) is charged to the IP's bucket as over HTTP, and
 * once that bucket is empty a new token is not verified at all (see verifyPresentedToken). The
 * later re-checks of a socket's own, once accepted token are not charged: they are not guesses.
 *
 * A socket lives no longer than its token: once the verifier no longer accepts it (its `exp`, with
 * the same clock tolerance as over HTTP), the socket is closed with 4403 Forbidden, which ends its
 * running subscriptions, and an operation sent after that is not run. 4403, not 4401: graphql-ws
 * clients treat 4401 as fatal, while on 4403 they reconnect, and a client whose connection params
 * fetch a fresh token resumes its subscriptions with it (graphql-ws's "auth-token" recipe).
 */
export function websocketAccess(runtime: Runtime) {
  const services = accessServices(runtime);
  const requests = inFlightRequests(runtime);
  const formatError = createErrorFormatter(runtime.logger);
  const rules: ValidationRule[] = [...specifiedRules, ...armor(runtime).validationRules];
  const forbid = (extra: WsExtra, error: AuthenticationError) => extra.socket?.close(CloseCode.Forbidden, `Forbidden: ${error.message}`);
  // Checks the token when it expires (and, within the clock tolerance, every second after) until the verifier refuses it.
  const watchExpiry = (extra: WsExtra, token: string) => {
    const expiresAtMs = Number(decodeJwt(token).exp) * 1000;
    const check = async () => {
      try {
        await services.verifier.verify(token);
      } catch (error) {
        if (error instanceof AuthenticationError) return forbid(extra, error);
        runtime.logger.error({ err: error }, 'a websocket token could not be checked again; the socket is closed');
        return extra.socket?.close(CloseCode.InternalServerError, 'Internal server error');
      }
      schedule();
    };
    const schedule = () => {
      if (extra.closed) return;
      extra.expiryCheck = setTimeout(() => void check(), Math.min(Math.max(expiresAtMs - Date.now(), EXPIRY_RECHECK_MS), LONGEST_TIMER_MS));
      extra.expiryCheck.unref();
    };
    schedule();
  };
  // Refusals before execution get the code Apollo gives them over HTTP, then the same formatter
  // (a value written in the document names its field, as over HTTP).
  const formatted = (error: GraphQLError, code: string): GraphQLError => {
    const coded = new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError ?? error, extensions: { ...error.extensions, code } });
    const shown = formatError(coded.toJSON(), coded);
    return new GraphQLError(shown.message, { nodes: error.nodes, extensions: shown.extensions });
  };
  return {
    onConnect: async (ctx: WsContext) => {
      const extra = ctx.extra as WsExtra;
      const params = ctx.connectionParams ?? {};
      const header = params.Authorization ?? params.authorization ?? extra.request?.headers?.authorization;
      const token = bearerToken(header);
      const checked = await verifyPresentedToken(services.verifier, services.limiter, ipClient(extra.request, services.proxies), token);
      if ('retryAfterSeconds' in checked) {
        // 4403 like any refused handshake (4401 would stop graphql-ws clients for good); the reason says when to retry.
        extra.socket?.close(CloseCode.Forbidden, `Forbidden: too many requests; retry in ${checked.retryAfterSeconds} s`);
        return false;
      }
      if ('refused' in checked || !token) return false;
      extra.identity = checked.identity;
      extra.token = token;
      watchExpiry(extra, token);
      return true;
    },
    onClose: (ctx: WsContext) => {
      const extra = ctx.extra as WsExtra;
      extra.closed = true;
      clearTimeout(extra.expiryCheck);
    },
    onSubscribe: async (
      ctx: WsContext,
      _id: string,
      payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    ): Promise<GraphQLError[] | void> => {
      const schema = services.schema;
      const extra = ctx.extra as WsExtra;
      const role = extra.identity?.role;
      if (!schema || !role || !extra.token) return [new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
      try {
        await services.verifier.verify(extra.token);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        // Closed first, so the client sees 4403 (and may resubscribe with a fresh token); the errors
        // returned only keep graphql-ws from running the operation.
        forbid(extra, error);
        return [new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', reason: error.reason } })];
      }
      if (runtime.shuttingDown) {
        return [new GraphQLError('the service is shutting down; nothing was done, send the operation again', { extensions: { code: 'SHUTTING_DOWN' } })];
      }
      // Each operation over the socket counts against the caller's bucket as an HTTP request does:
      // one socket must not be a way around the rate limit.
      const taken = services.limiter.take(`sub:${extra.identity!.subject}`);
      if (!taken.allowed) {
        return [new GraphQLError(`too many requests; retry in ${taken.retryAfterSeconds} s`, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: taken.retryAfterSeconds } })];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: runtime.config.limits.maxTokens });
      } catch (error) {
        return [error instanceof GraphQLError ? formatted(error, 'GRAPHQL_PARSE_FAILED') : new GraphQLError('the document does not parse', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return errors.map((error) => formatted(error, 'GRAPHQL_VALIDATION_FAILED'));
      const refused =
        authorizeOperation(document, payload.operationName, role) ??
        checkPageSizes(document, payload.variables ?? undefined, runtime.config.limits.maxPageSize) ??
        findUnstorableText(document, payload.variables);
      if (refused) return [refused];
    },
    // Queries and mutations over the socket are counted as running requests, so a shutdown lets
    // them finish as it does HTTP ones (subscriptions are ended when the sockets close).
    execute: (args: ExecutionArgs) => requests.track(execute(args)),
    // Apollo's error formatter is not on this path: the same one gives errors over the socket their
    // stable code, rule and field (and hides internals) as over HTTP.
    onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: ExecutionArgs, result: ExecutionResult) =>
      result.errors?.length ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined,
  };
}
