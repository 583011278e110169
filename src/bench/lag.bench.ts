import { load } from './graphql.bench.js';
import { startBenchServices } from './bench-service.js';

const MUTATION = `mutation Assess($id: ID!, $part: String!, $ref: String!) {
  recordConditionAssessment(dwellingId: $id, grade: TG2, buildingPart: $part, assessor: "lag-bench", assessedOn: "2026-01-15", reportReference: $ref) { position } }`;
const READ = `query Conditions($id: ID!) { dwelling(id: $id) { conditions { reportReference } } }`;

/**
 * Under the graphql bench's load at a fixed rate (200 requests/s), records condition assessments one
 * after another and polls the dwelling until its read model shows each; the lag is the time from the
 * mutation's response to the first read that shows it. Each assessment grades a new building part,
 * so it always adds a row the read can see.
 */
export async function lagBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const mutations = Number(process.env.BENCH_MUTATIONS ?? 200);
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const env = await startBenchServices(log, false);
  try {
    const { service, headers, sampleDwellingIds: ids, districts, queries } = env;
    const background = load(service.url, headers, queries, ids, districts, Math.max(20, Math.ceil(mutations / 8)), 16, rate);
    await new Promise((r) => setTimeout(r, 2000));
    const lags: number[] = [];
    const run = Date.now().toString(36);
    for (let i = 0; i < mutations; i++) {
      const id = ids[(i * 7) % ids.length]!;
      const ref = `LAG-${run}-${i}`;
      const response = await gql(service.url, headers, MUTATION, { id, part: `lag-${run}-${i}`, ref });
      if (response.errors) throw new Error(`mutation refused: ${JSON.stringify(response.errors)}`);
      const answered = performance.now();
      for (;;) {
        const read = await gql(service.url, headers, READ, { id });
        if (read.errors) throw new Error(JSON.stringify(read.errors));
        if (read.data.dwelling.conditions.some((c: { reportReference: string }) => c.reportReference === ref)) break;
        if (performance.now() - answered > 10_000) throw new Error(`assessment ${ref} not visible after 10 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
      lags.push(performance.now() - answered);
    }
    const loadResult = await background;
    lags.sort((a, b) => a - b);
    const pct = (p: number) => Number(lags[Math.min(lags.length - 1, Math.ceil((p / 100) * lags.length) - 1)]!.toFixed(1));
    log(`${mutations} mutations under ${rate} req/s (background: ${loadResult.requestsPerSec.toFixed(0)} req/s, p99 ${loadResult.p99Ms} ms): lag p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`);
    return { bench: 'lag', mutations, backgroundRate: rate, p50Ms: pct(50), p99Ms: pct(99), maxMs: pct(100) };
  } finally {
    await env.stop();
  }
}

async function gql(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<any> {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return r.json();
}
