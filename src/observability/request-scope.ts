import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and command of one request share: its correlation id. */
export interface RequestScope {
  correlationId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's `x-correlation-id` when it is well-formed, else a new one. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
}

export function currentCorrelationId(): string | undefined {
  return requestScope.getStore()?.correlationId;
}
