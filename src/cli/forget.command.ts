import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { eraseDataSubjectHandler } from '../access/access.module.js';
import { DomainError } from '../shared-kernel/domain-error.js';
import { withRuntime } from './with-runtime.js';

export function registerForgetCommand(program: Command): void {
  program
    .command('forget <subject>')
    .description("erase a data subject (crypto-shredding): delete the person's key; refused while retention rules hold their records")
    .option('--force', 'erase even though retention rules hold the records (requires --legal-basis)')
    .option('--legal-basis <text>', 'the legal basis for a forced erasure, recorded in the log (no names)')
    .option('--json', 'print the result as JSON')
    .action((subject: string, options: { force?: boolean; legalBasis?: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        // The retention check reads an index of the log: run the projections here (or let the running service do it).
        await runtime.runner.start();
        try {
          const result = await eraseDataSubjectHandler(runtime).execute(
            { subjectId: subject, force: options.force ?? false, legalBasis: options.legalBasis },
            { actor: `cli:${userInfo().username}`, role: 'admin', correlationId: randomUUID(), occurredAt: new Date().toISOString() },
          );
          if (options.json) console.log(JSON.stringify({ ...result, position: result.position?.toString() ?? null }, null, 2));
          else if (!result.erased) console.log(`${result.subjectId} had already been erased; its key is gone`);
          else console.log(`${result.subjectId} erased${result.forced ? ` (retention overridden: ${result.overriddenRetention.join(', ')})` : ''}; event at position ${result.position}`);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          console.error(`refused: ${error.message} (${error.code})`);
          process.exitCode = 2;
        } finally {
          await runtime.runner.stop();
        }
      }),
    );
}
