import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../event-store/event-envelope.js';

/** What every resolver knows about the request: who asks, in which role, and the correlation id. */
export interface RequestContext {
  actor: string;
  role: string;
  correlationId: string;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestContextFrom(headers: Record<string, string | string[] | undefined> | undefined): RequestContext {
  const given = headers?.['x-correlation-id'];
  const correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  // Authentication arrives with the access-control work; until then every caller is recorded honestly as unauthenticated.
  return { actor: 'unauthenticated', role: 'unauthenticated', correlationId };
}

export function commandContext(request: RequestContext, occurredAt: string): CommandContext {
  return { actor: request.actor, role: request.role, correlationId: request.correlationId, occurredAt };
}
