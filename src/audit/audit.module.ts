import { Module } from '@nestjs/common';
import type pg from 'pg';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { AuditResolver } from './audit.resolver.js';
import { causeLinks } from './history/cause-links.js';
import { EventHistory } from './history/event-history.js';
import { DwellingHistoryFieldResolver, EventRecordFieldResolver, HistoryResolver } from './history/history.resolver.js';

/** What auditors use to check the record itself: the hash chain, histories and their causes. */
@Module({
  providers: [
    AuditResolver,
    HistoryResolver,
    EventRecordFieldResolver,
    DwellingHistoryFieldResolver,
    {
      provide: EventHistory,
      useFactory: (pool: pg.Pool, store: EventStore) => new EventHistory(pool, store, causeLinks),
      inject: [PG_POOL, EVENT_STORE],
    },
  ],
})
export class AuditModule {}
