import type { Command } from 'commander';
import { verifyEventChain } from '../audit/event-chain/verify-event-chain.js';
import { progressBar } from './progress.js';
import { withRuntime } from './with-runtime.js';

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check the tamper-evidence hash chain over the whole event log; reports the first position where it breaks')
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        // Bring the chain up to the log head first (here, or by the service that runs it).
        await runtime.runner.start();
        await runtime.runner.waitForPosition(await runtime.store.headPosition(), 120_000, ['event-chain']).catch(() => undefined);
        await runtime.runner.stop();
        const { rows } = await runtime.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_chain`);
        const bar = progressBar('verifying the event chain', Math.max(rows[0]!.n, 1));
        const result = await verifyEventChain(runtime.pool, runtime.store, (checked) => bar.update(checked));
        bar.stop();
        if (options.json) {
          console.log(JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
        } else if (result.ok) {
          console.log(`chain intact: ${result.checked} events checked, ${result.unchained} newer events not yet chained`);
          console.log(`head: position ${result.headPosition}, hash ${result.headHash} (anchor this outside the database)`);
        } else {
          console.log(`CHAIN BROKEN at position ${result.firstBreak!.position}: ${result.firstBreak!.reason}`);
          console.log(`${result.checked} events before it are intact`);
        }
        if (!result.ok) process.exitCode = 2;
      }),
    );
}
