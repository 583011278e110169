import type { Command } from 'commander';
import type { Runtime } from '../runtime/runtime.js';
import { progressBar } from './progress.js';
import { withRuntime } from './with-runtime.js';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models: status, rebuild, retry');

  projections
    .command('status')
    .description("each projection's position, events behind, rebuild progress and error")
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const status = await runtime.runner.status();
        if (options.json) {
          console.log(JSON.stringify(status, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
          return;
        }
        console.table(
          status.map((s) => ({
            projection: s.name,
            version: s.version,
            live: s.live ? `g${s.live.generation} v${s.live.version}` : '-',
            position: s.live?.position.toString() ?? '-',
            'events behind': s.eventsBehind?.toString() ?? '?',
            rebuilding: s.building ? `g${s.building.generation} at ${s.building.position}` : '-',
            error: s.error ? `${s.error.message} @${s.error.position}` : '',
          })),
        );
      }),
    );

  projections
    .command('rebuild [name]')
    .description('rebuild one projection (or all) from position 0 beside the live one, then switch')
    .action((name: string | undefined) =>
      withRuntime(async (runtime) => {
        const names = name ? [name] : runtime.runner.names;
        for (const n of names) await runtime.runner.requestRebuild(n);
        await runtime.runner.start();
        await followRebuild(runtime, names);
        await runtime.runner.stop();
        console.log(`rebuilt: ${names.join(', ')}`);
      }),
    );

  projections
    .command('verify [name]')
    .description('rebuild each projection (or one) into shadow tables and compare them with the live ones (row counts and checksums)')
    .action((name: string | undefined) =>
      withRuntime(async (runtime) => {
        // Live models first caught up to the log head (here, or by the service that runs them).
        await runtime.runner.start();
        await runtime.runner.waitForPosition(await runtime.store.headPosition(), 120_000).catch(() => undefined);
        await runtime.runner.stop();
        let different = 0;
        for (const n of name ? [name] : runtime.runner.names) {
          const bar = progressBar(`verifying ${n}`, Math.max(await countEvents(runtime), 1));
          const result = await runtime.runner.verifyAgainstShadow(n, async (position) => bar.update(await countEvents(runtime, position)));
          bar.stop();
          for (const t of result.tables) {
            console.log(`${t.identical ? 'identical' : 'DIFFERENT'}  ${n}.${t.table}: live ${t.liveRows} rows, rebuilt ${t.rebuiltRows} rows (at position ${result.position})`);
          }
          if (!result.identical) different++;
        }
        if (different > 0) process.exitCode = 2;
      }),
    );

  projections
    .command('retry <name>')
    .description('clear a stopped projection\'s error so it tries the failed event again')
    .action((name: string) =>
      withRuntime(async (runtime) => {
        const cleared = await runtime.runner.retry(name);
        console.log(cleared ? `${name} will retry from its checkpoint` : `${name} has no error to clear; nothing changed`);
      }),
    );
}

/** Shows a bar until every named projection has switched to its rebuilt generation. */
async function followRebuild(runtime: Runtime, names: string[]): Promise<void> {
  const total = await countEvents(runtime);
  const bar = progressBar(`rebuilding ${names.join(', ')}`, Math.max(total, 1));
  try {
    for (;;) {
      const status = (await runtime.runner.status()).filter((s) => names.includes(s.name));
      const failed = status.find((s) => s.error);
      if (failed) throw new Error(`projection ${failed.name} stopped: ${failed.error!.message} at position ${failed.error!.position}`);
      const building = status.filter((s) => s.building);
      if (building.length === 0) {
        bar.update(total, total);
        return;
      }
      const slowest = building.reduce((a, b) => (a.building!.position < b.building!.position ? a : b));
      bar.update(await countEvents(runtime, slowest.building!.position), total);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    bar.stop();
  }
}

async function countEvents(runtime: Runtime, upTo?: bigint): Promise<number> {
  if (runtime.store.adapterName !== 'postgres') return 0;
  const { rows } = await runtime.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE $1::bigint IS NULL OR position <= $1`,
    [upTo === undefined ? null : upTo.toString()],
  );
  return rows[0]!.n;
}
