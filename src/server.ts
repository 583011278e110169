import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { Runtime } from './runtime/runtime.js';
import { NestPinoLogger } from './observability/nest-pino-logger.js';
import { correlationIdFrom, requestScope } from './observability/request-scope.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessServices } from './access/access-services.js';
import { httpAuthentication } from './access/http-authentication.js';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloDriver } from '@nestjs/apollo';
import { graphqlContext } from './access/graphql-access.js';
import { bodyErrorAnswer, serveGraphqlDirectly } from './graphql/direct-graphql-http.js';
import { inFlightRequests, refuseWhileShuttingDown } from './graphql/in-flight-requests.js';

/** Builds the HTTP service on an open runtime and starts the projections. */
export async function startServer(runtime: Runtime, port: number, host: string): Promise<INestApplication> {
  // Nest's own logger would print every refused command as an ERROR with a stack; expected refusals are
  // answered as typed GraphQL errors, and unexpected ones are logged (structured) by the error formatter.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    logger: new NestPinoLogger(runtime.logger),
    // Only JSON bodies are read (below, with the configured limit); Nest's default would also parse
    // url-encoded forms, which no endpoint takes.
    bodyParser: false,
  });
  // Every request is counted until it is answered, and one that arrives while the process shuts down
  // is refused before anything runs (main.ts waits for the counted ones: README, "Shutdown").
  const requests = inFlightRequests(runtime);
  requests.countRequestsOf(app.getHttpServer());
  const drain = refuseWhileShuttingDown(runtime);
  app.use(drain);
  // Each HTTP request gets a correlation id (the caller's x-correlation-id or a new one), echoed
  // back and carried by every log line and event the request causes.
  const correlation = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    res.setHeader('x-correlation-id', correlationId);
    requestScope.run({ correlationId }, next);
  };
  app.use(correlation);
  // Then the caller: a bearer token verified against the identity provider, a rate limit per client,
  // and nothing but the health endpoints (and /metrics if public) without a token.
  const access = accessServices(runtime);
  await access.verifier.prepare();
  runtime.logger.info({ keys: access.verifier.keySource, issuer: runtime.config.auth.issuer, audience: runtime.config.auth.audience }, 'access tokens are verified');
  const authentication = httpAuthentication({
    verifier: access.verifier,
    limiter: access.limiter,
    proxies: access.proxies,
    metricsPublic: runtime.config.auth.metricsPublic,
    landingPageOpen: runtime.config.nodeEnv !== 'production',
    logger: runtime.logger,
  });
  app.use(authentication);
  // Batches from the property company (up to 1,000 changes) and opening-balance files are large bodies;
  // anything beyond the configured limit is answered 413 before it is parsed.
  const bodyLimitBytes = runtime.config.limits.requestBodyLimitMb * 1024 * 1024;
  app.useBodyParser('json', { limit: bodyLimitBytes });
  app.use(bodyErrorAnswer(bodyLimitBytes));
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  // Express hashes every response body for an ETag; GraphQL answers are POSTs no client revalidates,
  // and the hash was about 1.5 % of the CPU of a request.
  express.disable('etag');
  await runtime.runner.start();
  await app.init();
  const apollo = app.get<GraphQLModule<ApolloDriver>>(GraphQLModule).graphQlAdapter.instance;
  // Both GraphQL paths (Express's middleware and the direct one) answer through this method: a request
  // is also counted until it settles, so a shutdown waits for its resolvers even when the client has gone.
  const executeHTTPGraphQLRequest = apollo.executeHTTPGraphQLRequest.bind(apollo);
  apollo.executeHTTPGraphQLRequest = (request) => requests.track(executeHTTPGraphQLRequest(request));
  // POST /graphql with a JSON body skips Express (direct-graphql-http.ts): the same middleware, limit and Apollo server.
  serveGraphqlDirectly(app.getHttpServer(), express, {
    path: '/graphql',
    apollo,
    context: graphqlContext(runtime),
    before: [drain, correlation, authentication],
    bodyLimitBytes,
    onError: (error) => runtime.logger.error({ err: error }, 'a GraphQL request failed unexpectedly'),
  });
  await app.listen(port, host);
  return app;
}
