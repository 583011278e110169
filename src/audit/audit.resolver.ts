import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import type pg from 'pg';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { verifyEventChain } from './event-chain/verify-event-chain.js';

@Resolver()
export class AuditResolver {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query('verifyEventChain')
  verifyEventChain() {
    return verifyEventChain(this.pool, this.store);
  }
}
