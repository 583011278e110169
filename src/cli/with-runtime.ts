import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { openRuntime } from '../runtime/open-runtime.js';
import type { Runtime } from '../runtime/runtime.js';

/** Opens the runtime for one CLI command (logs at warn unless LOG_LEVEL says otherwise) and always closes it. */
export async function withRuntime(work: (runtime: Runtime) => Promise<void>): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
    runtime = await openRuntime(config, createLogger(config.logLevel));
    await work(runtime);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `error: ${(error as Error).message}`);
    process.exitCode = error instanceof ConfigError ? 78 : 1;
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}
