import type { Identity } from '../access/identity.js';
import type { CommandContext } from '../event-store/event-envelope.js';
import { correlationIdFrom, currentCorrelationId } from '../observability/request-scope.js';

/**
 * What every resolver knows about the request: who asks (the verified token's subject), in which
 * role (the token's role claim), why (an optional `x-access-purpose` header, recorded with reads of
 * personal data) and the correlation id.
 */
export interface RequestContext {
  actor: string;
  role: string;
  correlationId: string;
  purpose?: string;
}

const PURPOSE = /^[\p{L}\p{N} .,:;()/_#-]{1,200}$/u;

/**
 * The request's context from its verified identity. Without one (which the HTTP layer and the
 * websocket handshake never let through to GraphQL) the caller is recorded as unauthenticated, a
 * role no operation rule allows.
 */
export function requestContextFrom(headers: Record<string, string | string[] | undefined> | undefined, identity?: Identity): RequestContext {
  // The HTTP middleware has already chosen the request's id (and logs carry it); websockets have none.
  const correlationId = currentCorrelationId() ?? correlationIdFrom(headers?.['x-correlation-id']);
  const purpose = headers?.['x-access-purpose'];
  return {
    actor: identity?.subject ?? 'unauthenticated',
    role: identity?.role ?? 'unauthenticated',
    correlationId,
    ...(typeof purpose === 'string' && PURPOSE.test(purpose) ? { purpose } : {}),
  };
}

export function commandContext(request: RequestContext, occurredAt: string): CommandContext {
  return { actor: request.actor, role: request.role, correlationId: request.correlationId, occurredAt };
}
