import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Identity } from './identity.js';
import { RateLimiter } from './rate-limiter.js';
import { AuthenticationError, type TokenVerifier } from './token-verifier.js';

/** Paths that answer without a token: liveness and readiness for the orchestrator, and /metrics if configured. */
export function isPublicPath(path: string, metricsPublic: boolean): boolean {
  return path === '/health/live' || path === '/health/ready' || (metricsPublic && path === '/metrics');
}

export type AuthenticatedRequest = IncomingMessage & { identity?: Identity };

export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Express middleware, in front of everything: verifies the bearer token (a present but bad token is
 * always 401), then limits the rate per client (the token's subject, else the IP), then lets only
 * the public paths through without an identity.
 */
export function httpAuthentication(options: { verifier: TokenVerifier; limiter: RateLimiter; metricsPublic: boolean; landingPageOpen: boolean; logger: Logger }) {
  return (req: AuthenticatedRequest, res: ServerResponse, next: () => void) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const header = req.headers.authorization;
      if (header !== undefined) {
        const token = bearerToken(header);
        if (!token) return refuse(res, 401, 'UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
        try {
          req.identity = await options.verifier.verify(token);
        } catch (error) {
          if (error instanceof AuthenticationError) return refuse(res, 401, 'UNAUTHENTICATED', error.message, error.reason);
          throw error;
        }
      }
      const client = req.identity ? `sub:${req.identity.subject}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
      const taken = options.limiter.take(client);
      if (!taken.allowed) {
        res.setHeader('retry-after', String(taken.retryAfterSeconds));
        return refuse(res, 429, 'RATE_LIMITED', `too many requests; retry in ${taken.retryAfterSeconds} s`);
      }
      if (req.identity || isPublicPath(path, options.metricsPublic)) return next();
      // GraphiQL's page holds no data (outside production); every query it sends needs a token.
      if (options.landingPageOpen && req.method === 'GET' && path === '/graphql' && String(req.headers.accept ?? '').includes('text/html')) {
        return next();
      }
      res.setHeader('www-authenticate', 'Bearer');
      refuse(res, 401, 'UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)');
    })().catch((error: unknown) => {
      options.logger.error({ err: error }, 'authentication failed unexpectedly');
      refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'authentication failed unexpectedly');
    });
  };
}

function refuse(res: ServerResponse, status: number, code: string, message: string, reason?: string) {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] }));
}
