import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Runtime } from '../runtime/runtime.js';

/**
 * The requests a service process is answering: every HTTP request (both GraphQL paths, health,
 * metrics) and every query or mutation sent over graphql-ws. On shutdown (main.ts) the process stops
 * taking new ones and waits for these before it closes Apollo's sockets and the database pool, so a
 * request accepted before SIGTERM gets its whole answer (README, "Shutdown"). Apollo's own drain
 * would wait 10 s and then destroy the sockets while resolvers kept running.
 */
export class InFlightRequests {
  /** HTTP requests received and not yet answered (nor their connection closed). */
  private unanswered = 0;
  /** GraphQL operations executing, over HTTP or a websocket: counted until they settle, even when their client has gone. */
  private executing = 0;
  private readonly whenIdle = new Set<() => void>();

  /** What is still running, for the shutdown's log line. */
  get running(): { unanswered: number; executing: number } {
    return { unanswered: this.unanswered, executing: this.executing };
  }

  private get idle(): boolean {
    return this.unanswered === 0 && this.executing === 0;
  }

  /** Counts each request the server receives until its response is sent or its connection closes. */
  countRequestsOf(server: Server): void {
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.unanswered++;
      res.once('close', () => {
        this.unanswered--;
        this.wakeIfIdle();
      });
    });
  }

  /** Counts an operation's execution until it settles (a result that is already there is not counted). */
  track<T>(execution: Promise<T>): Promise<T>;
  track<T>(execution: T | Promise<T>): T | Promise<T>;
  track<T>(execution: T | Promise<T>): T | Promise<T> {
    if (!(execution instanceof Promise)) return execution;
    this.executing++;
    return execution.finally(() => {
      this.executing--;
      this.wakeIfIdle();
    });
  }

  /** True once nothing is running; false if `graceMs` passes first. */
  settled(graceMs: number): Promise<boolean> {
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.whenIdle.delete(wake);
        resolve(idle);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(this.idle), graceMs);
      this.whenIdle.add(wake);
    });
  }

  private wakeIfIdle(): void {
    if (this.idle) for (const wake of [...this.whenIdle]) wake();
  }
}

const byRuntime = new WeakMap<Runtime, InFlightRequests>();

/** The one count of a runtime's requests, shared by the HTTP server (server.ts), graphql-ws (graphql-access.ts) and the shutdown (main.ts). */
export function inFlightRequests(runtime: Runtime): InFlightRequests {
  let requests = byRuntime.get(runtime);
  if (!requests) {
    requests = new InFlightRequests();
    byRuntime.set(runtime, requests);
  }
  return requests;
}

/**
 * Middleware in front of everything but the health endpoints: while the process shuts down, a
 * request that still arrives (on a connection opened before) is answered 503 SHUTTING_DOWN with
 * `connection: close` before anything runs, so the client can send it again to another instance.
 */
export function refuseWhileShuttingDown(runtime: Pick<Runtime, 'shuttingDown'>) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!runtime.shuttingDown || req.url?.startsWith('/health/')) return next();
    const body = JSON.stringify({
      errors: [{ message: 'the service is shutting down; nothing was done, send the request again', extensions: { code: 'SHUTTING_DOWN' } }],
    });
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close', 'retry-after': '1' });
    res.end(body);
  };
}
