import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { ApplicationFieldResolver, ApplicationPersonFieldResolver } from './application.field-resolver.js';
import { ApplicationsReadModel } from './applications.read-model.js';
import { ApplicationsResolver } from './applications.resolver.js';
import { WaitingListReadModel } from './waiting-list/waiting-list.read-model.js';
import { ApplicationCommandHandler } from './handle-application-command/application-command.handler.js';
import { SubmitApplicationHandler } from './submit-application/submit-application.handler.js';
import { ExpireApprovalsHandler } from './expire-approvals/expire-approvals.handler.js';

/** Applications (søknader), their decisions and appeals, and the waiting list. */
@Module({
  // LeaseStatuses (the port SubmitApplicationHandler checks a swap's lease with) comes from the leases module, bound globally.
  imports: [CqrsModule],
  providers: [
    ApplicationsResolver,
    ApplicationFieldResolver,
    ApplicationPersonFieldResolver,
    ApplicationCommandHandler,
    SubmitApplicationHandler,
    ExpireApprovalsHandler,
    { provide: ApplicationsReadModel, useFactory: (pool: pg.Pool) => new ApplicationsReadModel(pool), inject: [PG_POOL] },
    {
      provide: WaitingListReadModel,
      useFactory: (pool: pg.Pool, applications: ApplicationsReadModel) => new WaitingListReadModel(pool, applications),
      inject: [PG_POOL, ApplicationsReadModel],
    },
  ],
  exports: [ApplicationsReadModel],
})
export class ApplicationsModule {}
