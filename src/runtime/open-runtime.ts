import { loadConfig, type Config } from '../config/config.js';
import { UpcasterRegistry } from '../event-store/upcasters.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { registeredProjections } from '../projections/registered-projections.js';
import { personalDataMigrations, personalDataReadMigrations } from '../personal-data/personal-data.migrations.js';
import { processManagerMigrations } from '../process-managers/process-manager.migrations.js';
import { Runtime } from './runtime.js';

/** The composition root: this release's projections, migrations and upcasters on the configured database. */
export async function openRuntime(config: Config = loadConfig(), logger: Logger = createLogger(config.logLevel)): Promise<Runtime> {
  return Runtime.open(config, logger, {
    projections: registeredProjections,
    migrations: [...personalDataMigrations, ...personalDataReadMigrations, ...processManagerMigrations],
    upcasters: new UpcasterRegistry(),
  });
}
