import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { DwellingReadModel } from './dwelling-read-model.js';
import { PortfolioResolver } from './portfolio.resolver.js';
import { DwellingCommandHandler } from './handle-dwelling-command/dwelling-command.handler.js';

/** The municipality's stock of dwellings. */
@Module({
  imports: [CqrsModule],
  providers: [
    PortfolioResolver,
    DwellingCommandHandler,
    { provide: DwellingReadModel, useFactory: (pool: pg.Pool) => new DwellingReadModel(pool), inject: [PG_POOL] },
  ],
})
export class PortfolioModule {}
