import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandExecutor } from '../../command-handling/command-executor.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { DwellingReadModel } from '../dwelling-read-model.js';
import { importDwellings } from './import-dwellings.js';

/** The largest CSV accepted in one request; bigger files go through the command line. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

@Resolver()
export class OpeningBalanceResolver {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(DwellingReadModel) private readonly dwellings: DwellingReadModel,
  ) {}

  @Mutation('importDwellings')
  async importDwellings(
    @Args('csv') csv: string,
    @Args('validRowsOnly') validRowsOnly: boolean | null | undefined,
    @Context('request') request: RequestContext,
  ) {
    if (Buffer.byteLength(csv, 'utf8') > MAX_CSV_BYTES) {
      throw new ValidationError(
        'csv',
        `must be at most ${MAX_CSV_BYTES / 1024 / 1024} MB; split the file, or import it with \`boligbok import dwellings\``,
        'CSV_TOO_LARGE',
      );
    }
    const result = await importDwellings(this.executor, csv, {
      validRowsOnly: validRowsOnly ?? false,
      context: { actor: request.actor, role: request.role, correlationId: request.correlationId },
      findDwellingsOfUnit: (unit) => this.dwellings.idsInPortfolioAtUnit(unit),
    });
    return {
      rows: result.rows,
      imported: result.imported,
      alreadyPresent: result.alreadyPresent,
      rejectedRows: result.rejectedRows,
      written: result.written,
      rowErrors: result.rejected,
      position: result.position,
    };
  }
}
