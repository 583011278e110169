import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { ApplicationsModule } from '../applications/applications.module.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { AllocationsReadModel } from './allocations.read-model.js';
import { AllocationsResolver, CommitteeMeetingFieldResolver } from './allocations.resolver.js';
import { AnswerOfferHandler } from './answer-offer/answer-offer.handler.js';
import { ExpireOffersHandler } from './answer-offer/expire-offers.handler.js';
import { MeetingCommandHandler } from './handle-meeting-command/meeting-command.handler.js';
import { MakeOfferHandler } from './make-offer/make-offer.handler.js';

/** The allocation committee (tildelingsutvalg): meetings, offers and their answers. */
@Module({
  imports: [CqrsModule, ApplicationsModule],
  providers: [
    AllocationsResolver,
    CommitteeMeetingFieldResolver,
    MeetingCommandHandler,
    MakeOfferHandler,
    AnswerOfferHandler,
    ExpireOffersHandler,
    { provide: AllocationsReadModel, useFactory: (pool: pg.Pool) => new AllocationsReadModel(pool), inject: [PG_POOL] },
  ],
  exports: [AllocationsReadModel],
})
export class AllocationsModule {}
