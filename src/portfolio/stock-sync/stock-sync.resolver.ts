import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { eventStream } from '../../graphql/event-stream.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { PushStockChangesHandler } from './push-stock-changes.handler.js';
import { parseFeedCursor, readStockChanges, STOCK_FILTER } from './stock-change-feed.js';
import type { PushStockChangesInput } from './stock-change.input.js';
import { stockChangeNode } from './stock-change-node.js';

/** The property company's side of the API: push its stock changes, pull ours (schema/stock-sync.graphql). */
@Resolver()
export class StockSyncResolver {
  constructor(
    @Inject(PushStockChangesHandler) private readonly push: PushStockChangesHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Mutation('pushStockChanges')
  pushStockChanges(@Args('input') input: PushStockChangesInput, @Context('request') request: RequestContext) {
    return this.push.execute(input, request);
  }

  @Query('stockChanges')
  stockChanges(@Args('first') first: number | undefined, @Args('after') after: string | undefined) {
    return readStockChanges(this.store, first, after);
  }

  @Subscription('stockChanged')
  stockChanged(@Args('after') after: string | undefined) {
    const from = after === undefined || after === null ? undefined : parseFeedCursor(after);
    return eventStream(this.store, STOCK_FILTER, (event) => ({ stockChanged: stockChangeNode(event) }), { after: from });
  }
}
