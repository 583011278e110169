import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { AsyncResource } from 'node:async_hooks';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/** An Express-style middleware function that needs nothing of Express (req, res and next only). */
export type PlainMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface DirectGraphqlOptions<TContext extends BaseContext = BaseContext> {
  /** The GraphQL path, e.g. '/graphql'. */
  path: string;
  /** The started Apollo server Nest built (the same schema, plugins, validation rules and error formatting). */
  apollo: ApolloServer<TContext>;
  /** The context function Nest's GraphQL module was given. */
  context: (args: { req: IncomingMessage; res: ServerResponse }) => TContext | Promise<TContext>;
  /** The middleware that runs before GraphQL on the Express path, in the same order (correlation id, authentication). */
  before: readonly PlainMiddleware[];
  /** The JSON body limit, as on the Express path. */
  bodyLimitBytes: number;
  /** Called with an unexpected failure (answered 500 without detail). */
  onError: (error: unknown) => void;
}

/**
 * Serves `POST /graphql` with a JSON body from node:http straight to Apollo, in front of Express.
 * It is the request every integrator sends, the service was bound by its own CPU, and Express's
 * router, body-parser and response helpers were about 100 µs of it per request (profiled); without
 * them the bench's mix ran about 30 % more requests a second (README, "Read path"). The same
 * middleware functions run first, then the body is read with the same limit and handed to the same
 * Apollo server that Nest built, the way `@as-integrations/express5` does it. Every other request
 * (GET, other paths and content types, websocket upgrades, health, metrics) goes to Express as before.
 */
export function serveGraphqlDirectly<TContext extends BaseContext>(httpServer: Server, express: RequestListener, options: DirectGraphqlOptions<TContext>): void {
  // Other listeners stay as they are (Apollo's drain plugin counts every request per socket).
  if (!httpServer.listeners('request').includes(express)) throw new Error('the HTTP server does not serve this Express application');
  httpServer.removeListener('request', express);
  httpServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && pathOf(req.url) === options.path && isPlainJson(req.headers['content-type'])) handle(req, res, options);
    else express(req, res);
  });
}

function handle<TContext extends BaseContext>(req: IncomingMessage, res: ServerResponse, options: DirectGraphqlOptions<TContext>): void {
  const run = (i: number): void => {
    if (i < options.before.length) {
      options.before[i]!(req, res, () => run(i + 1));
      return;
    }
    readJsonBody(req, res, options.bodyLimitBytes, (body) => {
      answer(req, res, body, options).catch((error: unknown) => {
        options.onError(error);
        if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'the request failed unexpectedly');
        else res.destroy();
      });
    });
  };
  run(0);
}

async function answer<TContext extends BaseContext>(req: IncomingMessage, res: ServerResponse, body: unknown, options: DirectGraphqlOptions<TContext>): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body },
    context: async () => options.context({ req, res }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  // Incremental delivery (@defer): each part as it comes.
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Reads the body as UTF-8 JSON within the limit: a declared or actual length above it is answered
 * 413 before parsing (body-parser's rule on the Express path), text that is not JSON 400.
 */
function readJsonBody(req: IncomingMessage, res: ServerResponse, limit: number, next: (body: unknown) => void): void {
  // The stream's events come in the connection's async context: kept here, GraphQL runs in the
  // request's (its correlation id, which the middleware set), as raw-body does on the Express path.
  // runInAsyncScope, not AsyncResource.bind: bind also builds a deprecated accessor per call
  // (15.5 µs against 0.1 µs, measured in a loop; seen in a profile of the lag bench).
  const scope = new AsyncResource('boligbok.graphql-body');
  const then = (body: unknown) => scope.runInAsyncScope(next, undefined, body);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    refuse(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`);
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    length += chunk.length;
    if (length > limit) {
      refused = true;
      refuse(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`);
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => {
    refused = true;
    res.destroy();
  });
  req.on('end', () => {
    if (refused) return;
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      refuse(res, 400, 'BAD_REQUEST', `the request body is not valid JSON: ${(error as Error).message}`);
      return;
    }
    then(body);
  });
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** `application/json`, alone or with `charset=utf-8`; any other type takes the Express path, which refuses or reads it as before. */
function isPlainJson(type: string | undefined): boolean {
  if (type === undefined) return false;
  const [media, ...parameters] = type.toLowerCase().split(';').map((s) => s.trim());
  if (media !== 'application/json') return false;
  return parameters.every((p) => p === '' || p === 'charset=utf-8');
}

/**
 * Express error middleware for body-parser's refusals on the Express path (other content types, or
 * JSON with parameters the direct path leaves to it): the same answers as the direct path gives.
 */
export function bodyErrorAnswer(limit: number) {
  return (error: { status?: number; type?: string; message?: string }, _req: IncomingMessage, res: ServerResponse, next: (error: unknown) => void): void => {
    if (error.type === 'entity.too.large') return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`);
    if (error.type === 'entity.parse.failed') return refuse(res, 400, 'BAD_REQUEST', `the request body is not valid JSON: ${error.message}`);
    if (error.status === 415) return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', error.message ?? 'unsupported request body encoding');
    if (error.status !== undefined && error.status >= 400 && error.status < 500) return refuse(res, error.status, 'BAD_REQUEST', error.message ?? 'the request body cannot be read');
    next(error);
  };
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
