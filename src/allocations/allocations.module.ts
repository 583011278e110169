import { Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { ApplicationsModule } from '../applications/applications.module.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { Runtime } from '../runtime/runtime.js';
import { scheduledJobTimer } from '../runtime/scheduled-job-timer.js';
import { DailyExpiryJob } from './daily-expiry/daily-expiry.job.js';
import { AllocationsReadModel } from './allocations.read-model.js';
import { AllocationsResolver, CommitteeMeetingFieldResolver } from './allocations.resolver.js';
import { AnswerOfferHandler } from './answer-offer/answer-offer.handler.js';
import { ExpireOffersHandler } from './answer-offer/expire-offers.handler.js';
import { MeetingCommandHandler } from './handle-meeting-command/meeting-command.handler.js';
import { MakeOfferHandler } from './make-offer/make-offer.handler.js';

/** The allocation committee (tildelingsutvalg): meetings, offers and their answers, and the daily expiry of what lapsed. */
@Module({
  imports: [CqrsModule, ApplicationsModule],
  providers: [
    AllocationsResolver,
    CommitteeMeetingFieldResolver,
    MeetingCommandHandler,
    MakeOfferHandler,
    AnswerOfferHandler,
    ExpireOffersHandler,
    {
      provide: DailyExpiryJob,
      inject: [Runtime, CommandBus],
      useFactory: (runtime: Runtime, commands: CommandBus) =>
        new DailyExpiryJob(runtime.lockPool, commands, runtime.logger, { cron: runtime.config.expirySchedule, timezone: runtime.config.reporting.reportTimezone }),
    },
    scheduledJobTimer(DailyExpiryJob),
    { provide: AllocationsReadModel, useFactory: (pool: pg.Pool) => new AllocationsReadModel(pool), inject: [PG_POOL] },
  ],
  exports: [AllocationsReadModel, DailyExpiryJob],
})
export class AllocationsModule {}
