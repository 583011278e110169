import 'reflect-metadata';
import { Command } from 'commander';
import { CONFIG_VARIABLES } from '../config/config.js';
import { registerGenerateCommand } from './generate.command.js';
import { registerImportCommands } from './import.command.js';
import { registerProjectionCommands } from './projections.command.js';
import { registerReplayCommand } from './replay.command.js';
import { registerVerifyCommand } from './verify.command.js';
import { registerTokenCommand } from './token.command.js';
import { registerForgetCommand } from './forget.command.js';
import { registerReportCommands } from './report.command.js';
import { withRuntime } from './with-runtime.js';

const program = new Command('boligbok')
  .description('Boligbok: the event-sourced history of a municipality\'s social housing')
  .addHelpText(
    'after',
    `\nConfiguration (environment variables):\n${CONFIG_VARIABLES.map(([name, text]) => `  ${name.padEnd(28)} ${text}`).join('\n')}`,
  );

program
  .command('start')
  .description('run the service (GraphQL at /graphql); same as `npm start`')
  .option('--demo', 'first generate the Kristiansund demo data into an empty database')
  .action(async () => {
    await import('../main.js');
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(() =>
    withRuntime(async (runtime) => {
      console.log(`database schema is up to date (${runtime.databaseLocation})`);
    }),
  );

registerProjectionCommands(program);
registerVerifyCommand(program);
registerImportCommands(program);
registerGenerateCommand(program);
registerTokenCommand(program);
registerForgetCommand(program);
registerReplayCommand(program);
registerReportCommands(program);

await program.parseAsync(process.argv);
