import type pg from 'pg';
import { fellBehind, pacedMixInChild } from './paced-load.js';
import { startBenchServices } from './bench-service.js';

const MUTATION = `mutation Assess($id: ID!, $part: String!, $ref: String!) {
  recordConditionAssessment(dwellingId: $id, grade: TG2, buildingPart: $part, assessor: "lag-bench", assessedOn: "2026-01-15", reportReference: $ref) { position } }`;
// How an integrator reads its own write: the mutation's position as atLeast, which the service waits for (null: no wait).
const READ = `query Conditions($id: ID!, $atLeast: LogPosition) { dwelling(id: $id, atLeast: $atLeast) { conditions { reportReference } } }`;

/** What a mutation waited for, in ms after its response (BENCH_LAG_BREAKDOWN=1). */
interface LagParts {
  /** Until the log's visibility bound (pg_snapshot_xmin) passed the event: until then no reader may read it. */
  visible: number;
  /** Until the dwellings read model's checkpoint passed the event (committed with its rows). */
  projected: number;
}

/**
 * Under the graphql bench's load at a fixed rate (200 requests/s, evenly paced), records BENCH_MUTATIONS
 * (default 1000: of 200, the p99 is the second-worst sample, which moved between 67 and 163 ms from run
 * to run) condition assessments one
 * after another and reads the dwelling until its read model shows each; the lag is the time from the
 * mutation's response to the first read that shows it. Each assessment grades a new building part,
 * so it always adds a row the read can see. The read passes the mutation's position as `atLeast`, as
 * the schema tells integrators to (the service answers once the read model has it); with
 * BENCH_LAG_READ=poll it reads without it every millisecond until the row appears (the bench's only
 * method until late on 4 December 2026: each figure then includes part of a read already in flight).
 *
 * With BENCH_LAG_BREAKDOWN=1 it also polls the database beside the GraphQL reads, to say what the lag
 * consists of: the time until the log's visibility bound passes the event, then until the dwellings
 * read model has committed it, then until a GraphQL read shows it (the polling costs some load).
 */
export async function lagBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const mutations = Number(process.env.BENCH_MUTATIONS ?? 1000);
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const readMode = process.env.BENCH_LAG_READ ?? 'atLeast';
  if (readMode !== 'atLeast' && readMode !== 'poll') throw new Error('BENCH_LAG_READ must be atLeast or poll');
  const env = await startBenchServices(log, false, true);
  try {
    const { service, headers, sampleDwellingIds: ids, districts, queries } = env;
    const background = pacedMixInChild({ url: service.url, headers, queries, ids, districts, rate, seconds: Math.max(20, Math.ceil(mutations / 8)), warmupSeconds: 0 });
    await new Promise((r) => setTimeout(r, 2000));
    const lags: number[] = [];
    const parts: LagParts[] = [];
    const breakdown = process.env.BENCH_LAG_BREAKDOWN === '1';
    const run = Date.now().toString(36);
    for (let i = 0; i < mutations; i++) {
      const id = ids[(i * 7) % ids.length]!;
      const ref = `LAG-${run}-${i}`;
      const response = await gql(service.url, headers, MUTATION, { id, part: `lag-${run}-${i}`, ref });
      if (response.errors) throw new Error(`mutation refused: ${JSON.stringify(response.errors)}`);
      const answered = performance.now();
      const watched = breakdown ? watch(env.pool, BigInt(response.data.recordConditionAssessment.position), answered) : null;
      const atLeast = readMode === 'atLeast' ? response.data.recordConditionAssessment.position : null;
      for (;;) {
        const read = await gql(service.url, headers, READ, { id, atLeast });
        if (read.errors) throw new Error(JSON.stringify(read.errors));
        if (read.data.dwelling.conditions.some((c: { reportReference: string }) => c.reportReference === ref)) break;
        // The service said the read model had reached the write: a read that still misses it is a failure, not a retry.
        if (atLeast !== null) throw new Error(`read with atLeast does not show assessment ${ref}`);
        if (performance.now() - answered > 10_000) throw new Error(`assessment ${ref} not visible after 10 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
      lags.push(performance.now() - answered);
      if (watched) parts.push(await watched);
    }
    const loadResult = await background;
    lags.sort((a, b) => a - b);
    const pct = (p: number) => Number(lags[Math.min(lags.length - 1, Math.ceil((p / 100) * lags.length) - 1)]!.toFixed(1));
    log(`${mutations} mutations, read by ${readMode === 'atLeast' ? 'atLeast' : 'polling'}, under ${rate} req/s (background: ${loadResult.requestsPerSec.toFixed(0)} req/s, p99 ${loadResult.p99Ms} ms): lag p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`);
    const behind = fellBehind(loadResult, rate, 'the background load');
    if (behind) log(behind);
    const split = breakdown ? describeParts(parts) : undefined;
    if (split) log(`lag parts (ms after the response, p50 / p99 / max): visible in the log ${split.visible.join(' / ')}; projected ${split.projected.join(' / ')}`);
    return { bench: 'lag', mutations, read: readMode, backgroundRate: rate, backgroundRequestsPerSec: Math.round(loadResult.requestsPerSec), backgroundP99Ms: loadResult.p99Ms, p50Ms: pct(50), p99Ms: pct(99), maxMs: pct(100), ...(split ? { parts: split } : {}) };
  } finally {
    await env.stop();
  }
}

async function gql(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<any> {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return r.json();
}

/** Polls the log's visibility bound and the dwellings checkpoint until both have passed `position`. */
async function watch(pool: pg.Pool, position: bigint, since: number): Promise<LagParts> {
  const found: Partial<LagParts> = {};
  while (found.visible === undefined || found.projected === undefined) {
    const { rows } = await pool.query<{ bound: string; checkpoint: string | null }>(
      `SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)::text AS bound,
              (SELECT position::text FROM projection_generations WHERE name = 'dwellings' AND status = 'live') AS checkpoint`,
    );
    const at = performance.now() - since;
    if (found.visible === undefined && BigInt(rows[0]!.bound) > position) found.visible = at;
    if (found.projected === undefined && rows[0]!.checkpoint !== null && BigInt(rows[0]!.checkpoint) >= position) found.projected = at;
    if (at > 10_000) throw new Error(`event ${position} not projected after 10 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return found as LagParts;
}

function describeParts(parts: LagParts[]): { visible: number[]; projected: number[] } {
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1));
    return [at(50), at(99), at(100)];
  };
  return { visible: stats(parts.map((p) => p.visible)), projected: stats(parts.map((p) => p.projected)) };
}
