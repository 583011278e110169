import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '../../runtime/infrastructure.module.js';
import { DwellingReadModel } from '../dwelling-read-model.js';
import { OpeningBalanceResolver } from './opening-balance.resolver.js';

/**
 * The opening-balance import (inngående balanse) over GraphQL: the `importDwellings` mutation.
 * The command executor comes from the global infrastructure module; the command line has its own
 * entry (src/cli/import.command.ts) to the same use case.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    OpeningBalanceResolver,
    // For units registered before the unit claims began (no claim to find them by).
    { provide: DwellingReadModel, useFactory: (pool: pg.Pool) => new DwellingReadModel(pool), inject: [PG_POOL] },
  ],
})
export class OpeningBalanceModule {}
