import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { AppendedListener } from '../command-handling/command-executor.js';
import { SessionLocks } from '../database/session-locks.js';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Logger } from '../observability/logger.js';
import { IdempotentSteps } from './idempotent-steps.js';
import type { ProcessManager } from './process-manager.js';

export interface ProcessManagerRunnerOptions {
  batchSize: number;
  pollIntervalMs: number;
  logger: Logger;
  /** Bounded retries of a step's append on a concurrent write (as the command executor's). */
  commandRetries: number;
  /** Called after each append (e.g. to wake the projections). */
  onAppended?: AppendedListener;
}

export interface ProcessManagerStatus {
  name: string;
  position: bigint;
  eventsHandled: bigint;
  runningHere: boolean;
}

/** The actor recorded on the events a process manager causes. */
export function processManagerActor(name: string): string {
  return `system:${name}`;
}

/** The key of a process manager's steps for one event: their event ids derive from it (IdempotentSteps). */
export function processManagerStepKey(name: string, eventId: string): string {
  return `${name}/${eventId}`;
}

/**
 * Runs process managers on the log, the way the projection runner runs projections: each reads
 * the events it handles from its checkpoint (table process_manager_checkpoints), in log order, and
 * advances the checkpoint after each event it has handled. A crash between the commands and the
 * checkpoint delivers the event again after the restart; the commands' event ids derive from the
 * event's id (IdempotentSteps), so the steps already taken are skipped and nothing is done twice.
 * A session advisory lock per process manager lets only one process run it; when the connection
 * holding the locks is lost, the managers stop after the event in progress until their locks are
 * taken again (on a new connection, or by another process), and go on from their checkpoints.
 */
export class ProcessManagerRunner extends EventEmitter {
  private readonly managers = new Map<string, ProcessManager>();
  private readonly locks: SessionLocks;
  private readonly loops = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    managers: readonly ProcessManager[],
    private readonly options: ProcessManagerRunnerOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.locks = new SessionLocks(pool, { logger: options.logger, guards: 'process managers', lockKey });
    for (const m of managers) {
      if (this.managers.has(m.name)) throw new Error(`process manager ${m.name} is registered twice`);
      this.managers.set(m.name, m);
    }
  }

  get names(): string[] {
    return [...this.managers.keys()];
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.locks.open();
    for (const manager of this.managers.values()) this.loops.set(manager.name, this.loop(manager));
  }

  /** Finishes the event in progress, releases the locks, and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.emit('wake');
    await Promise.all(this.loops.values());
    this.loops.clear();
    await this.locks.close();
  }

  /** Wakes the loops now instead of at the next poll. */
  nudge(): void {
    this.emit('wake');
  }

  private async loop(manager: ProcessManager): Promise<void> {
    let sleepMs = 0;
    while (!this.stopping) {
      if (sleepMs > 0) await this.sleep(sleepMs);
      if (this.stopping) break;
      try {
        if (!(await this.tryLock(manager.name))) {
          sleepMs = Math.max(this.options.pollIntervalMs, 1000);
          continue;
        }
        sleepMs = (await this.step(manager, () => this.locks.holds(manager.name))) ? 0 : this.options.pollIntervalMs;
      } catch (error) {
        this.options.logger.error({ processManager: manager.name, err: error }, 'process manager step failed; retrying from its checkpoint');
        sleepMs = Math.max(this.options.pollIntervalMs, 1000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('wake', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.once('wake', done);
    });
  }

  private async tryLock(name: string): Promise<boolean> {
    if (this.locks.holds(name)) return true;
    const taken = await this.locks.tryLock(name);
    if (taken) this.options.logger.info({ processManager: name }, 'running process manager');
    return taken;
  }

  /**
   * Handles the next page of events after the checkpoint, one by one, advancing the checkpoint
   * after each; returns whether anything happened. A failing event stops the page there: the
   * checkpoint stays before it, so it is delivered again. So does the loss of the manager's lock
   * (`stillHeld` false): another process may be running it from the checkpoint by now.
   */
  async step(manager: ProcessManager, stillHeld: () => boolean = () => true): Promise<boolean> {
    const from = await this.checkpoint(manager.name);
    const page = await this.store.readAllPage(from, this.options.batchSize, { eventTypes: manager.eventTypes });
    if (page.scannedTo === from) return false;
    for (const event of page.events) {
      if (this.stopping || !stillHeld()) return true;
      await this.deliver(manager, event);
      await this.saveCheckpoint(manager.name, event.position, 1);
    }
    await this.saveCheckpoint(manager.name, page.scannedTo, 0);
    return true;
  }

  /** Hands one event to a process manager with the steps keyed by that event. */
  async deliver(manager: ProcessManager, event: RecordedEvent): Promise<void> {
    const steps = new IdempotentSteps(
      this.store,
      processManagerStepKey(manager.name, event.id),
      {
        actor: processManagerActor(manager.name),
        role: 'system',
        correlationId: event.metadata.correlationId,
        causationId: event.id,
        occurredAt: event.metadata.occurredAt,
      },
      this.options.commandRetries,
      this.options.onAppended,
    );
    await manager.handle(event, steps);
  }

  private async checkpoint(name: string): Promise<bigint> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position::text FROM process_manager_checkpoints WHERE name = $1', [name]);
    return rows[0] ? BigInt(rows[0].position) : 0n;
  }

  private async saveCheckpoint(name: string, position: bigint, handled: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO process_manager_checkpoints (name, position, events_handled) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(process_manager_checkpoints.position, EXCLUDED.position),
         events_handled = process_manager_checkpoints.events_handled + EXCLUDED.events_handled, updated_at = now()`,
      [name, position.toString(), handled],
    );
    this.emit('progress', name, position);
  }

  async status(): Promise<ProcessManagerStatus[]> {
    const { rows } = await this.pool.query<{ name: string; position: string; events_handled: string }>(
      'SELECT name, position::text, events_handled::text FROM process_manager_checkpoints',
    );
    return this.names.map((name) => {
      const row = rows.find((r) => r.name === name);
      return { name, position: BigInt(row?.position ?? '0'), eventsHandled: BigInt(row?.events_handled ?? '0'), runningHere: this.locks.holds(name) };
    });
  }

  /** Resolves once every process manager's checkpoint has reached `position` (or rejects after the timeout). */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.status();
      if (statuses.every((s) => s.position >= position)) return;
      if (Date.now() > deadline) throw new Error(`process managers did not reach position ${position} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function lockKey(name: string): string {
  return `:process-manager:${name}`;
}
