import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PushStockChangesHandler } from './push-stock-changes.handler.js';
import { StockSyncResolver } from './stock-sync.resolver.js';

/**
 * Sync with the municipal property company: its stock changes in (batches, idempotent per key,
 * through the dwelling commands on the command bus), ours out (change feed and subscription).
 */
@Module({
  imports: [CqrsModule],
  providers: [StockSyncResolver, PushStockChangesHandler],
})
export class StockSyncModule {}
