import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { IdempotentSteps } from './idempotent-steps.js';

/**
 * A process that reacts to events by issuing commands to other aggregates. The runner delivers the
 * events of `eventTypes` in log order, at least once: after a crash the events since the last
 * checkpoint come again. `handle` must therefore act only through `steps`, whose commands carry
 * event ids derived from the triggering event, so a step already taken is recognised and skipped.
 */
export interface ProcessManager {
  /** Stable name: the checkpoint's key and part of every derived event id. */
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(event: RecordedEvent, steps: IdempotentSteps): Promise<void>;
}
