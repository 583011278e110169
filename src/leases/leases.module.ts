import { Module } from '@nestjs/common';
import type pg from 'pg';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { Runtime } from '../runtime/runtime.js';
import { AbandonSigningHandler } from './abandon-signing/abandon-signing.handler.js';
import { LeaseCommandsHandler } from './lease-commands.handler.js';
import { LeasesReadModel } from './leases.read-model.js';
import { LeasesResolver } from './leases.resolver.js';
import { SignLeaseHandler } from './sign-lease/sign-lease.handler.js';

/** Leases (leiekontrakter): signing from accepted offers (or abandoning a signing cut short), rent, renewals, notice, ending. */
@Module({
  providers: [
    LeasesResolver,
    { provide: LeasesReadModel, useFactory: (pool: pg.Pool) => new LeasesReadModel(pool), inject: [PG_POOL] },
    {
      provide: SignLeaseHandler,
      useFactory: (store: EventStore, runtime: Runtime) => new SignLeaseHandler(store, runtime.config, (types, position) => runtime.runner.nudge(types, position)),
      inject: [EVENT_STORE, Runtime],
    },
    {
      provide: AbandonSigningHandler,
      useFactory: (store: EventStore, runtime: Runtime) => new AbandonSigningHandler(store, runtime.config, (types, position) => runtime.runner.nudge(types, position)),
      inject: [EVENT_STORE, Runtime],
    },
    {
      provide: LeaseCommandsHandler,
      useFactory: (store: EventStore, runtime: Runtime) => new LeaseCommandsHandler(runtime.executor, store, runtime.config.commandRetries, (types, position) => runtime.runner.nudge(types, position)),
      inject: [EVENT_STORE, Runtime],
    },
  ],
})
export class LeasesModule {}
