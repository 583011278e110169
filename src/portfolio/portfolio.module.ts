import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { BuildingsReadModel } from './buildings.read-model.js';
import { DwellingCommandsResolver } from './dwelling-commands.resolver.js';
import { DwellingFieldResolver, RentalHousingGrantFieldResolver } from './dwelling.field-resolver.js';
import { DwellingReadModel } from './dwelling-read-model.js';
import { PortfolioLedgerReadModel } from './portfolio-ledger.read-model.js';
import { PortfolioSummaryReadModel } from './portfolio-summary.read-model.js';
import { PortfolioSummaryFieldResolver } from './portfolio-summary.field-resolver.js';
import { PortfolioResolver } from './portfolio.resolver.js';
import { DwellingCommandHandler } from './handle-dwelling-command/dwelling-command.handler.js';

/** The municipality's stock of dwellings. */
@Module({
  imports: [CqrsModule],
  providers: [
    PortfolioResolver,
    DwellingCommandsResolver,
    DwellingFieldResolver,
    RentalHousingGrantFieldResolver,
    PortfolioSummaryFieldResolver,
    DwellingCommandHandler,
    { provide: DwellingReadModel, useFactory: (pool: pg.Pool) => new DwellingReadModel(pool), inject: [PG_POOL] },
    { provide: BuildingsReadModel, useFactory: (pool: pg.Pool) => new BuildingsReadModel(pool), inject: [PG_POOL] },
    {
      provide: PortfolioSummaryReadModel,
      useFactory: (pool: pg.Pool, dwellings: DwellingReadModel) => new PortfolioSummaryReadModel(pool, dwellings),
      inject: [PG_POOL, DwellingReadModel],
    },
    { provide: PortfolioLedgerReadModel, useFactory: (pool: pg.Pool) => new PortfolioLedgerReadModel(pool), inject: [PG_POOL] },
  ],
  exports: [DwellingReadModel],
})
export class PortfolioModule {}
