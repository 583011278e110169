import { Module } from '@nestjs/common';
import type pg from 'pg';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProcessManagerHost } from '../process-managers/process-manager-host.js';
import { ProcessManagerRunner } from '../process-managers/process-manager-runner.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { Runtime } from '../runtime/runtime.js';
import { OwnershipResolver } from './ownership.resolver.js';
import { tenantToOwnerProcessManager } from './tenant-to-owner.process-manager.js';
import { TransitionCommandsHandler } from './transition-commands.handler.js';
import { TransitionsReadModel } from './transitions.read-model.js';

/** Tenant to owner ("fra leie til eie"), with the process manager that carries out completed transitions. */
@Module({
  providers: [
    OwnershipResolver,
    { provide: TransitionsReadModel, useFactory: (pool: pg.Pool) => new TransitionsReadModel(pool), inject: [PG_POOL] },
    { provide: TransitionCommandsHandler, useFactory: (runtime: Runtime) => new TransitionCommandsHandler(runtime.executor), inject: [Runtime] },
    {
      provide: ProcessManagerHost,
      useFactory: (pool: pg.Pool, store: EventStore, runtime: Runtime) =>
        new ProcessManagerHost(
          new ProcessManagerRunner(pool, store, [tenantToOwnerProcessManager(runtime.logger)], {
            batchSize: runtime.config.projectionBatchSize,
            pollIntervalMs: runtime.config.projectionPollIntervalMs,
            logger: runtime.logger,
            commandRetries: runtime.config.commandRetries,
            onAppended: (types, position) => runtime.runner.nudge(types, position),
          }),
        ),
      inject: [PG_POOL, EVENT_STORE, Runtime],
    },
  ],
  exports: [ProcessManagerHost],
})
export class OwnershipModule {}
