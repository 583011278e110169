import { eventstoreBench } from './eventstore.bench.js';
import { rebuildBench } from './rebuild.bench.js';
import { graphqlBench } from './graphql.bench.js';
import { lagBench } from './lag.bench.js';
import { reportBench } from './report.bench.js';

/** `npm run bench -- NAME`: each benchmark prints progress to stderr and its figures as a last JSON line. */
const benches: Record<string, (log: (line: string) => void) => Promise<Record<string, unknown>>> = {
  eventstore: eventstoreBench,
  'eventstore-chain': (log) => eventstoreBench(log, { chain: true }),
  rebuild: rebuildBench,
  graphql: graphqlBench,
  lag: lagBench,
  report: reportBench,
};

const name = process.argv[2];
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
const result = await benches[name]!((line) => console.error(`[${name}] ${line}`));
console.log(JSON.stringify(result));
