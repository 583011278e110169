import { Module } from '@nestjs/common';
import { EraseDataSubjectHandler } from '../personal-data/erase-data-subject/erase-data-subject.handler.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { Runtime } from '../runtime/runtime.js';
import { AccessResolver } from './access.resolver.js';

/** Access control's own API: who am I, the personal-data read log, erasure (schema/access.graphql). */
@Module({
  providers: [
    AccessResolver,
    {
      provide: EraseDataSubjectHandler,
      useFactory: (runtime: Runtime, vault: PersonalDataVault) => eraseDataSubjectHandler(runtime, vault),
      inject: [Runtime, PersonalDataVault],
    },
  ],
})
export class AccessModule {}

export function eraseDataSubjectHandler(runtime: Runtime, vault: PersonalDataVault = new PersonalDataVault(runtime.pool)): EraseDataSubjectHandler {
  return new EraseDataSubjectHandler({
    pool: runtime.pool,
    store: runtime.store,
    executor: runtime.executor,
    runner: runtime.runner,
    vault,
    logger: runtime.logger,
    readModelTimeoutMs: Math.max(runtime.config.readYourWritesTimeoutMs, 30_000),
  });
}
