import autocannon from 'autocannon';
import { benchRequestBody, type BenchQuery } from './bench-queries.js';
import { startBenchServices } from './bench-service.js';
import { fellBehind, pacedMixInChild } from './paced-load.js';

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** autocannon against one server with the bench's query mix; `rate` fixes the overall request rate (else as fast as it answers). */
export async function load(url: string, headers: Record<string, string>, queries: BenchQuery[], ids: string[], districts: string[], seconds: number, connections: number, rate?: number): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ method: 'POST', path: '/graphql', headers, setupRequest: (req) => ({ ...req, body: benchRequestBody(i++, queries, ids, districts) }) }],
  });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * Throughput of the service against the bare graphql-js server on the same tables, each as fast as
 * it answers (rounds alternating), then latency at a fixed 200 requests/s on the service, evenly
 * paced (pacedLoad: autocannon's fixed rate comes in bursts, see there), from a fresh process after a
 * 3-second warm-up at that rate (pacedMixInChild), and the same paced load on the bare server.
 */
export async function graphqlBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
  const env = await startBenchServices(log, true);
  try {
    const { service, bare, headers, sampleDwellingIds: ids, districts, queries } = env;
    // Warm both (JIT, connection pools, plan caches).
    await load(service.url, headers, queries, ids, districts, 3, connections);
    await load(bare!.url, headers, queries, ids, districts, 3, connections);
    const ours: LoadResult[] = [];
    const reference: LoadResult[] = [];
    for (let round = 0; round < 2; round++) {
      ours.push(await load(service.url, headers, queries, ids, districts, seconds, connections));
      reference.push(await load(bare!.url, headers, queries, ids, districts, seconds, connections));
      log(`round ${round + 1}: service ${ours[round]!.requestsPerSec.toFixed(0)} req/s (p99 ${ours[round]!.p99Ms} ms), bare graphql-js ${reference[round]!.requestsPerSec.toFixed(0)} req/s (p99 ${reference[round]!.p99Ms} ms)`);
    }
    const fixed = await pacedMixInChild({ url: service.url, headers, queries, ids, districts, rate, seconds: seconds * 2 });
    log(`fixed ${rate} req/s on the service (evenly paced): ${fixed.requestsPerSec.toFixed(0)} req/s, p50 ${fixed.p50Ms} ms, p99 ${fixed.p99Ms} ms, max ${fixed.maxMs} ms, errors ${fixed.errors}, non-2xx ${fixed.non2xx}, sent late ${fixed.late}`);
    const behind = fellBehind(fixed, rate, 'the fixed-rate load');
    if (behind) log(behind);
    // The same paced load on the bare server: the latency tail this machine gives any server of
    // these queries on these tables at that rate, the reference for the service's p99.
    const bareFixed = await pacedMixInChild({ url: bare!.url, headers, queries, ids, districts, rate, seconds: seconds * 2 });
    log(`fixed ${rate} req/s on the bare graphql-js server: ${bareFixed.requestsPerSec.toFixed(0)} req/s, p50 ${bareFixed.p50Ms} ms, p99 ${bareFixed.p99Ms} ms, max ${bareFixed.maxMs} ms, sent late ${bareFixed.late}`);
    const failures = [...ours, ...reference, fixed, bareFixed].reduce((n, r) => n + r.errors + r.non2xx, 0);
    if (failures > 0) log(`WARNING: ${failures} failed requests`);
    const requestsPerSec = ours.reduce((s, r) => s + r.requestsPerSec, 0) / ours.length;
    const bareRequestsPerSec = reference.reduce((s, r) => s + r.requestsPerSec, 0) / reference.length;
    return {
      bench: 'graphql',
      log: env.log.schema,
      queries,
      requestsPerSec: Math.round(requestsPerSec),
      bareRequestsPerSec: Math.round(bareRequestsPerSec),
      ratio: Number((requestsPerSec / bareRequestsPerSec).toFixed(3)),
      fixedRate: rate,
      fixedRateRequestsPerSec: Math.round(fixed.requestsPerSec),
      // How close to its flat-out throughput the fixed rate ran the service: on a slower machine the same rate is a heavier load.
      fixedRateShareOfCapacity: Number((rate / requestsPerSec).toFixed(2)),
      p50Ms: fixed.p50Ms,
      p99Ms: fixed.p99Ms,
      maxMs: fixed.maxMs,
      bareP50Ms: bareFixed.p50Ms,
      bareP99Ms: bareFixed.p99Ms,
      p99OverBare: Number((fixed.p99Ms / bareFixed.p99Ms).toFixed(2)),
      failedRequests: failures,
    };
  } finally {
    await env.stop();
  }
}
