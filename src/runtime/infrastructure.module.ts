import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandExecutor } from '../command-handling/command-executor.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { NodeLookup } from '../graphql/node-lookup.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { Metrics } from '../observability/metrics.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { Runtime } from './runtime.js';

export const PG_POOL = Symbol('PG_POOL');
export const LOGGER = Symbol('LOGGER');

/** Hands the already-open runtime (database, event store, projections) to Nest's container. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: Runtime, useValue: runtime },
      { provide: PG_POOL, useValue: runtime.pool },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: CommandExecutor, useValue: runtime.executor },
      { provide: ProjectionRunner, useValue: runtime.runner },
      { provide: Metrics, useValue: runtime.metrics },
      { provide: PersonalDataVault, useValue: new PersonalDataVault(runtime.pool) },
      { provide: NodeLookup, useValue: new NodeLookup() },
      { provide: ReadYourWrites, useValue: new ReadYourWrites(runtime.runner, runtime.config.readYourWritesTimeoutMs) },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}
