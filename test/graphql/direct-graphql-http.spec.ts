import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { serveGraphqlDirectly } from '../../src/graphql/direct-graphql-http.js';
import { currentCorrelationId, requestScope } from '../../src/observability/request-scope.js';

/** Which requests take the direct path (to Apollo) and which are left to the application behind it. */
interface TestContext {
  caller: string;
  correlationId: string | undefined;
}

describe('serveGraphqlDirectly', () => {
  let http: Server;
  let apollo: ApolloServer<TestContext>;
  let url: string;
  const order: string[] = [];
  let otherCalls = 0;
  const otherListener = () => void otherCalls++;

  beforeAll(async () => {
    apollo = new ApolloServer<TestContext>({
      typeDefs: 'type Query { caller: String correlationId: String }',
      resolvers: {
        Query: {
          caller: (_: unknown, __: unknown, context: TestContext) => context.caller,
          correlationId: (_: unknown, __: unknown, context: TestContext) => context.correlationId,
        },
      },
    });
    await apollo.start();
    // Stands in for Express: answers 418 so a request that reached it is plain to see.
    const express = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(418).end('express');
    http = createServer(express);
    http.on('request', otherListener);
    serveGraphqlDirectly(http, express, {
      path: '/graphql',
      apollo,
      context: ({ req }) => ({ caller: String(req.headers['x-caller'] ?? 'nobody'), correlationId: currentCorrelationId() }),
      before: [
        (req, _res, next) => {
          order.push('first');
          requestScope.run({ correlationId: String(req.headers['x-caller'] ?? 'none') }, next);
        },
        (req, res, next) => {
          order.push('second');
          if (req.headers['x-refuse'] !== undefined) res.writeHead(401).end('refused');
          else next();
        },
      ],
      bodyLimitBytes: 100,
      onError: () => undefined,
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await apollo.stop();
  });

  const post = (path: string, type: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  it('answers POST /graphql with a JSON body from Apollo, after the middleware in order, with its context', async () => {
    order.length = 0;
    const r = await post('/graphql?x=1', 'application/json; charset=UTF-8', '{"query":"{ caller }"}', { 'x-caller': 'integrator' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ data: { caller: 'integrator' } });
    expect(r.headers.get('content-length')).toBe(String('{"data":{"caller":"integrator"}}\n'.length));
    expect(order).toEqual(['first', 'second']);
  });

  it('runs GraphQL in the async context the middleware opened (the request\'s correlation id)', async () => {
    const answers = await Promise.all(
      ['a', 'b', 'c'].map(async (caller) => (await post('/graphql', 'application/json', '{"query":"{ correlationId }"}', { 'x-caller': caller })).json()),
    );
    expect(answers).toEqual(['a', 'b', 'c'].map((c) => ({ data: { correlationId: c } })));
  });

  it('stops where a middleware answers', async () => {
    const r = await post('/graphql', 'application/json', '{"query":"{ caller }"}', { 'x-refuse': '1' });
    expect([r.status, await r.text()]).toEqual([401, 'refused']);
  });

  it('leaves every other request to the application: other methods, paths, content types and parameters', async () => {
    expect((await fetch(`${url}/graphql?query=%7Bcaller%7D`)).status).toBe(418);
    expect((await post('/other', 'application/json', '{}')).status).toBe(418);
    expect((await post('/graphql', 'text/plain', '{"query":"{ caller }"}')).status).toBe(418);
    expect((await post('/graphql', 'application/json; charset=latin1', '{"query":"{ caller }"}')).status).toBe(418);
    expect((await post('/graphql', 'application/graphql-response+json', '{"query":"{ caller }"}')).status).toBe(418);
  });

  it('refuses a body above the limit (declared or streamed) 413 and one that is not JSON 400', async () => {
    const big = `{"query":"{ caller }","variables":{"x":"${'x'.repeat(200)}"}}`;
    const declared = await post('/graphql', 'application/json', big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // Sent chunked, without a length: counted as it arrives.
    const streamed = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const broken = await post('/graphql', 'application/json', '{"query": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/^the request body is not valid JSON/);
  });

  it('keeps the server\'s other request listeners (Apollo\'s drain plugin counts every request)', async () => {
    otherCalls = 0;
    await post('/graphql', 'application/json', '{"query":"{ caller }"}');
    await fetch(`${url}/else`);
    expect(otherCalls).toBe(2);
  });
});
