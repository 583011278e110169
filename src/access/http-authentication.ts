import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Identity } from './identity.js';
import { clientAddress, type TrustedProxies } from './client-address.js';
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

/** The rate limiter's bucket for a caller without a verified identity: its address (see clientAddress). */
export function ipClient(request: { headers?: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } } | undefined, proxies: TrustedProxies): string {
  return `ip:${clientAddress(request?.socket?.remoteAddress, request?.headers?.['x-forwarded-for'], proxies) ?? 'unknown'}`;
}

export type PresentedTokenCheck =
  | { identity: Identity }
  | { refused: string; reason?: string }
  | { retryAfterSeconds: number };

/** The bucket that failed tokens are charged to: apart from `ip:`, so guesses do not shut out anonymous probes. */
function failuresOf(ip: string): string {
  return `auth-failures:${ip}`;
}

/**
 * Checks a token the caller presented (undefined: the Authorization value is not "Bearer <token>"),
 * charging a failed attempt to the caller's address, so guessing tokens is rate limited too.
 *
 * The rule: a token in use (verified before and not expired since) is verified without a charge. Any
 * other token takes one from the address's failure bucket *before* its signature is checked (so
 * concurrent guesses cannot all slip past an almost empty bucket), and gets it back if it verifies:
 * only failures cost. An address whose failure bucket is empty is answered 429 for a new token
 * without verifying anything, so the CPU is protected too. The price: a good but *new* token from
 * that address (say behind the same NAT or proxy as the attacker) waits Retry-After too, since it
 * cannot be told from a guess without the check. Tokens in use, and requests without a token (the
 * health probes), are not affected: they are counted as before (subject, or `ip:`).
 */
export async function verifyPresentedToken(verifier: TokenVerifier, limiter: RateLimiter, ip: string, token: string | undefined): Promise<PresentedTokenCheck> {
  const known = token === undefined ? undefined : verifier.verifiedEarlier(token);
  if (known) return { identity: known };
  const inUse = token !== undefined && verifier.verifiedBefore(token);
  if (!inUse) {
    const taken = limiter.take(failuresOf(ip));
    if (!taken.allowed) return { retryAfterSeconds: taken.retryAfterSeconds };
  }
  if (token === undefined) return { refused: 'the Authorization header must be "Bearer <token>"' };
  try {
    const identity = await verifier.verify(token);
    if (!inUse) limiter.giveBack(failuresOf(ip));
    return { identity };
  } catch (error) {
    if (error instanceof AuthenticationError) return { refused: error.message, reason: error.reason };
    throw error;
  }
}

/**
 * Express middleware, in front of everything: verifies the bearer token (a present but bad token is
 * 401, and charged to the IP's bucket: see verifyPresentedToken), then limits the rate per client
 * (the token's subject, else the IP), then lets only the public paths through without an identity.
 */
export function httpAuthentication(options: { verifier: TokenVerifier; limiter: RateLimiter; proxies: TrustedProxies; metricsPublic: boolean; landingPageOpen: boolean; logger: Logger }) {
  return (req: AuthenticatedRequest, res: ServerResponse, next: () => void) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const header = req.headers.authorization;
      const ip = ipClient(req, options.proxies);
      if (header !== undefined) {
        const checked = await verifyPresentedToken(options.verifier, options.limiter, ip, bearerToken(header));
        if ('retryAfterSeconds' in checked) return tooMany(res, checked.retryAfterSeconds);
        if ('refused' in checked) return refuse(res, 401, 'UNAUTHENTICATED', checked.refused, checked.reason);
        req.identity = checked.identity;
      }
      const taken = options.limiter.take(req.identity ? `sub:${req.identity.subject}` : ip);
      if (!taken.allowed) return tooMany(res, taken.retryAfterSeconds);
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

function tooMany(res: ServerResponse, retryAfterSeconds: number) {
  res.setHeader('retry-after', String(retryAfterSeconds));
  refuse(res, 429, 'RATE_LIMITED', `too many requests; retry in ${retryAfterSeconds} s`);
}

function refuse(res: ServerResponse, status: number, code: string, message: string, reason?: string) {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] }));
}
