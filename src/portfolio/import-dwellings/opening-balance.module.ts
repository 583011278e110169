import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OpeningBalanceResolver } from './opening-balance.resolver.js';

/**
 * The opening-balance import (inngående balanse) over GraphQL: the `importDwellings` mutation.
 * The command executor comes from the global infrastructure module; the command line has its own
 * entry (src/cli/import.command.ts) to the same use case.
 */
@Module({
  imports: [CqrsModule],
  providers: [OpeningBalanceResolver],
})
export class OpeningBalanceModule {}
