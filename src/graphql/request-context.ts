import type { CommandContext } from '../event-store/event-envelope.js';
import { correlationIdFrom, currentCorrelationId } from '../observability/request-scope.js';

/** What every resolver knows about the request: who asks, in which role, and the correlation id. */
export interface RequestContext {
  actor: string;
  role: string;
  correlationId: string;
}

export function requestContextFrom(headers: Record<string, string | string[] | undefined> | undefined): RequestContext {
  // The HTTP middleware has already chosen the request's id (and logs carry it); websockets have none.
  const correlationId = currentCorrelationId() ?? correlationIdFrom(headers?.['x-correlation-id']);
  // Authentication arrives with the access-control work; until then every caller is recorded honestly as unauthenticated.
  return { actor: 'unauthenticated', role: 'unauthenticated', correlationId };
}

export function commandContext(request: RequestContext, occurredAt: string): CommandContext {
  return { actor: request.actor, role: request.role, correlationId: request.correlationId, occurredAt };
}
