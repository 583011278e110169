import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../shared-kernel/domain-event.js';
import type { StockChangeResult } from './stock-change-result.js';

/**
 * The durable outcome of one batch of the property company, kept in the stream
 * `stocksync-<sha256 of the idempotency key>` (category 'stocksync', not in the change feed). The
 * stream is created with expected revision 'no_stream', so of two concurrent runs of one batch only
 * one can store its outcome; the other returns the stored one. No personal data: see StockChangeResult.
 */
export interface StockSyncBatchProcessed extends DomainEvent<'StockSyncBatchProcessed', StockSyncBatchData> {}

export interface StockSyncBatchData {
  idempotencyKey: string;
  /** batchFingerprint of the input: the same key with another content is refused. */
  inputHash: string;
  results: StockChangeResult[];
  /** When the batch was processed (ISO instant). */
  processedAt: string;
}

export const STOCK_SYNC_BATCH_PROCESSED = 'StockSyncBatchProcessed';

export function stockSyncStreamId(idempotencyKey: string): string {
  return `stocksync-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}`;
}
