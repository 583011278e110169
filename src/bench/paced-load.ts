import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export interface PacedLoadResult {
  /** Requests answered per second over the run. */
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  /** Requests sent more than 5 ms after their slot (the generator itself fell behind). */
  late: number;
}

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate, whatever became of the
 * earlier ones, spread evenly over each second, as independent clients would send them. Latency is
 * counted from the moment a request was due, not from when it went out, so a server (or generator)
 * that falls behind shows in the figures instead of slowing the load (no coordinated omission).
 *
 * autocannon's overallRate does not do this: each connection sends its share of a second back to
 * back as the second starts, then waits for the next one, so "200 requests/s" on 16 connections is
 * a burst at full speed during the first fraction of every second, and its latency figures are
 * those of a saturated server.
 */
export async function pacedLoad(url: string, headers: Record<string, string>, body: (i: number) => string, rate: number, seconds: number): Promise<PacedLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL('/graphql', url);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let late = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (i: number, due: number) => {
    const payload = body(i);
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode! >= 200 && res.statusCode! < 300) latencies.push(performance.now() - due);
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const start = performance.now();
  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Every request whose slot has come goes out now; then sleep until the next slot.
    while (i < total && start + i * interval <= now) {
      const due = start + i * interval;
      if (now - due > 5) late++;
      send(i, due);
      i++;
    }
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => (latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!.toFixed(1)) : NaN);
  return { requestsPerSec: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), errors, non2xx, late };
}

/**
 * A warning when a paced load was not served at the rate it asked for: the service (or the machine)
 * could not keep up, so its latencies are mostly queueing and say little about the service itself.
 */
export function fellBehind(result: PacedLoadResult, rate: number, what: string): string | undefined {
  if (result.requestsPerSec >= 0.95 * rate) return undefined;
  return `WARNING: ${what} was served at ${result.requestsPerSec.toFixed(0)} of the ${rate} req/s asked for: this machine could not keep up, and the latencies measure queueing`;
}

/**
 * The bench mix at a fixed rate from a fresh process (paced-load-worker.ts), after a short warm-up
 * at the same rate: the figures are then the service's, not the pauses of a bench process that has
 * just run autocannon.
 */
export function pacedMixInChild(job: {
  url: string;
  headers: Record<string, string>;
  queries: readonly string[];
  ids: readonly string[];
  districts: readonly string[];
  rate: number;
  seconds: number;
  warmupSeconds?: number;
}): Promise<PacedLoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./paced-load-worker.js', import.meta.url))], {
      env: { ...process.env, PACED_LOAD_JOB: JSON.stringify({ warmupSeconds: 3, ...job }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`paced load exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as PacedLoadResult);
    });
  });
}
