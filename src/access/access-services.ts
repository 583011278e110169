import type { GraphQLSchema } from 'graphql';
import type { Runtime } from '../runtime/runtime.js';
import { PersonalDataReadLog } from '../personal-data/personal-data-read-log.js';
import { TrustedProxies } from './client-address.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * The access-control parts one service process shares between its HTTP layer (server.ts), its
 * GraphQL configuration (app.module.ts) and the websocket handshake: one per runtime.
 */
export interface AccessServices {
  verifier: TokenVerifier;
  limiter: RateLimiter;
  /** Whose X-Forwarded-For names the caller (for the rate limit's per-address buckets). */
  proxies: TrustedProxies;
  personalDataReads: PersonalDataReadLog;
  /** The executable schema, once built (the websocket checks validate against it). */
  schema: GraphQLSchema | undefined;
}

const byRuntime = new WeakMap<Runtime, AccessServices>();

export function accessServices(runtime: Runtime): AccessServices {
  let services = byRuntime.get(runtime);
  if (!services) {
    services = {
      verifier: new TokenVerifier(runtime.config.auth, runtime.config.dataDir),
      limiter: new RateLimiter(runtime.config.limits.rateLimitPerMinute),
      proxies: new TrustedProxies(runtime.config.limits.trustedProxies),
      personalDataReads: new PersonalDataReadLog(runtime.pool),
      schema: undefined,
    };
    byRuntime.set(runtime, services);
  }
  return services;
}
