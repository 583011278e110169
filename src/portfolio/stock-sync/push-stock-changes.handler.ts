import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { WrongExpectedRevisionError } from '../../event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { commandContext, type RequestContext } from '../../graphql/request-context.js';
import { DomainError, ValidationError } from '../../shared-kernel/domain-error.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';
import { isResendOfApplied } from '../dwelling/dwelling.decider.js';
import type { DwellingEvent } from '../dwelling/dwelling.events.js';
import { dwellingStreamId } from '../dwelling-stream.js';
import { DwellingCommandMessage } from '../handle-dwelling-command/dwelling-command.message.js';
import { batchFingerprint } from './batch-fingerprint.js';
import type { PushStockChangesInput, StockChangeInput } from './stock-change.input.js';
import { applied, duplicate, rejected, type StockChangeResult } from './stock-change-result.js';
import {
  STOCK_SYNC_BATCH_PROCESSED,
  stockSyncStreamId,
  type StockSyncBatchData,
  type StockSyncBatchProcessed,
} from './stock-sync-batch.js';
import { dwellingIdOf, fieldOfChange, toDwellingCommand } from './to-dwelling-command.js';

export const MAX_CHANGES_PER_BATCH = 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export interface PushStockChangesPayload {
  idempotencyKey: string;
  results: StockChangeResult[];
  applied: number;
  duplicates: number;
  rejected: number;
  /** Position of the stored batch outcome: after every event the batch wrote. */
  position: bigint;
}

/**
 * Applies a batch of the property company's stock changes, once per idempotency key.
 *
 * 1. A batch whose key already has a stored outcome is not processed again: the stored outcome is
 *    returned (and nothing is written), or, when the content differs, the batch is refused with
 *    IDEMPOTENCY_KEY_REUSED.
 * 2. Otherwise each change is mapped to a dwelling command (with the company's reference and
 *    version as its source) and executed in order; a refusal becomes that change's REJECTED result
 *    and the next change goes on. A command that writes nothing is a DUPLICATE (the last version
 *    applied, sent again). So is a refused change that the dwelling's events show was applied
 *    before, the same change under the same reference and version (isResendOfApplied): the
 *    decider refuses it only because later versions, or the registration itself, came after it.
 * 3. The outcome is appended as StockSyncBatchProcessed to the key's stream with 'no_stream'. If a
 *    concurrent run of the same key stored first, its outcome is returned instead (the changes this
 *    run sent again were duplicates at the dwelling, so nothing was written twice).
 *
 * A failure that is not a refusal (the database is gone) fails the whole mutation with nothing
 * stored; a retry then finds the changes already applied reported as DUPLICATE.
 */
@Injectable()
export class PushStockChangesHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  async execute(input: PushStockChangesInput, request: RequestContext): Promise<PushStockChangesPayload> {
    validateBatch(input);
    const streamId = stockSyncStreamId(input.idempotencyKey);
    const inputHash = batchFingerprint(input);
    const stored = await this.storedOutcome(streamId);
    if (stored) return replay(stored, inputHash);

    const results: StockChangeResult[] = [];
    for (const [index, change] of input.changes.entries()) results.push(await this.applyChange(index, change, request));

    const processedAt = new Date().toISOString();
    const data: StockSyncBatchData = { idempotencyKey: input.idempotencyKey, inputHash, results, processedAt };
    const event: StockSyncBatchProcessed = { type: 'StockSyncBatchProcessed', data };
    try {
      const { position } = await this.store.append(streamId, this.executor.newEvents([event], commandContext(request, processedAt)), 'no_stream');
      return payload(data, position);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const winner = await this.storedOutcome(streamId);
      if (!winner) throw error;
      return replay(winner, inputHash);
    }
  }

  private async applyChange(index: number, change: StockChangeInput, request: RequestContext): Promise<StockChangeResult> {
    const identity = { index, reference: change.reference, version: change.version, dwellingId: dwellingIdOf(change) };
    let mapped;
    try {
      mapped = toDwellingCommand(change);
    } catch (error) {
      if (error instanceof DomainError) return rejected(identity, error, error.field);
      throw error;
    }
    try {
      const result: CommandResult = await this.commands.execute(
        new DwellingCommandMessage(mapped.command, commandContext(request, `${mapped.occurredOn}T00:00:00.000Z`)),
      );
      if (result.events.length === 0 || result.position === null) return duplicate(identity);
      return applied(identity, result.position);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (await this.wasApplied(mapped.command)) return duplicate(identity);
      return rejected(identity, error, fieldOfChange(change.kind, error.field));
    }
  }

  /** Whether the dwelling's events hold this very change already (read only when the change is refused). */
  private async wasApplied(command: DwellingCommand): Promise<boolean> {
    if (!command.source) return false;
    const history: DwellingEvent[] = [];
    for await (const event of this.store.readStream(dwellingStreamId(command.dwellingId))) {
      history.push({ type: event.type, data: event.data } as DwellingEvent);
    }
    return isResendOfApplied(history, command);
  }

  private async storedOutcome(streamId: string): Promise<RecordedEvent<string, StockSyncBatchData> | undefined> {
    for await (const event of this.store.readStream(streamId)) {
      if (event.type === STOCK_SYNC_BATCH_PROCESSED) return event as RecordedEvent<string, StockSyncBatchData>;
    }
    return undefined;
  }
}

function validateBatch(input: PushStockChangesInput): void {
  const key = input.idempotencyKey;
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ValidationError('input.idempotencyKey', `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, 'FIELD_OUT_OF_RANGE');
  }
  if (!Array.isArray(input.changes) || input.changes.length < 1 || input.changes.length > MAX_CHANGES_PER_BATCH) {
    throw new ValidationError('input.changes', `must hold 1 to ${MAX_CHANGES_PER_BATCH} changes`, 'FIELD_OUT_OF_RANGE');
  }
}

function replay(stored: RecordedEvent<string, StockSyncBatchData>, inputHash: string): PushStockChangesPayload {
  if (stored.data.inputHash !== inputHash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `The idempotency key ${JSON.stringify(stored.data.idempotencyKey)} was used on ${stored.data.processedAt} for a batch with other content. Send a new batch under a new key; send the same batch again to get its result.`,
      'CONFLICT',
      'input.idempotencyKey',
    );
  }
  return payload(stored.data, stored.position);
}

function payload(data: StockSyncBatchData, position: bigint): PushStockChangesPayload {
  const count = (status: StockChangeResult['status']) => data.results.filter((r) => r.status === status).length;
  return {
    idempotencyKey: data.idempotencyKey,
    results: data.results,
    applied: count('APPLIED'),
    duplicates: count('DUPLICATE'),
    rejected: count('REJECTED'),
    position,
  };
}
