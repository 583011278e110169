import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { loadOrCreateDevelopmentKey, signDevelopmentToken } from '../access/development-key.js';
import { BENCH_QUERIES, benchRequestBody, type BenchQuery } from './bench-queries.js';
import pg from 'pg';
import { PROFILE_NAMES, type ProfileName } from '../generator/generator-profile.js';
import { copyOfLog, generatedLog, type GeneratedLog } from './generated-log.js';

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The service and the bare reference server, both on the generated log of BENCH_PROFILE (default oslo, 1 year). */
export interface BenchServices {
  log: GeneratedLog;
  service: RunningProcess;
  pool: pg.Pool;
  headers: Record<string, string>;
  sampleDwellingIds: string[];
  districts: string[];
  /** The bench queries the service answers without errors (checked once before the load). */
  queries: BenchQuery[];
  stop(): Promise<void>;
}

/**
 * `writes`: the bench appends to the log (the lag bench's mutations), so the service runs on a
 * throwaway copy of it and builds its read models there; otherwise on the cached log itself, whose
 * read models then serve the next run too.
 */
export async function startBenchServices(log: (line: string) => void, withBare: boolean, writes = false): Promise<BenchServices & { bare: RunningProcess | null }> {
  const profile = (process.env.BENCH_PROFILE ?? 'oslo') as ProfileName;
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) throw new Error(`BENCH_PROFILE must be one of ${PROFILE_NAMES.join(', ')}`);
  const generated = await generatedLog(profile, Number(process.env.BENCH_YEARS ?? 1), process.env.BENCH_SEED ?? '1', log);
  const copy = writes ? await copyOfLog(generated, 2, log) : null;
  const database = copy ? { url: copy.url, schema: copy.schema } : { url: generated.url, schema: generated.schema };
  const pool = copy ? copy.pool : new pg.Pool({ connectionString: database.url, max: 2 });
  const dataDir = await mkdtemp(join(tmpdir(), 'boligbok-bench-'));
  let service: RunningProcess | undefined;
  let bare: RunningProcess | null = null;
  const release = async () => {
    await service?.stop();
    await bare?.stop();
    if (copy) await copy.drop();
    else await pool.end();
    await rm(dataDir, { recursive: true, force: true });
  };
  let headers: Record<string, string>, sampleDwellingIds: string[], districts: string[];
  const queries: BenchQuery[] = [];
  try {
    // Development mode, so the service trusts the development key under its own DATA_DIR; the
    // bench mints an admin token with that key. The per-client rate limit is off: the load is the point.
    // No daily expiry: its run at start would write to the generated log every bench reads.
    const env = { DATABASE_URL: database.url, HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0', EXPIRY_SCHEDULE: 'off' };
    const config = loadConfig(env);
    const token = await signDevelopmentToken(await loadOrCreateDevelopmentKey(dataDir), {
      subject: 'bench-admin',
      role: 'admin',
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      roleClaim: config.auth.roleClaim,
      expiresIn: '8h',
    });
    service = await startProcess(fileURLToPath(new URL('../main.js', import.meta.url)), (port) => ({ ...env, PORT: String(port) }),
      async (url) => (await fetch(`${url}/health/ready`).catch(() => null))?.status === 200);
    log(`service up at ${service.url}; waiting for its read models to reach the log head`);
    await readModelsAtHead(pool, log);
    await vacuumOnce(pool, database.schema, log);
    bare = withBare
      ? await startProcess(fileURLToPath(new URL('./bare-graphql-server.js', import.meta.url)), (port) => ({
          BARE_DATABASE_URL: database.url,
          BARE_PORT: String(port),
        }), async (url) => (await fetch(url).catch(() => null))?.status === 405)
      : null;
    const { rows } = await pool.query<{ dwelling_id: string }>(
      `SELECT dwelling_id FROM dwellings WHERE status NOT IN ('sold', 'lease-in-ended') ORDER BY md5(dwelling_id::text) LIMIT 2000`,
    );
    districts = (await pool.query<{ district: string }>('SELECT DISTINCT district FROM dwellings ORDER BY district')).rows.map((r) => r.district);
    headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    sampleDwellingIds = rows.map((r) => r.dwelling_id);
    // BENCH_QUERIES=dwelling,dwellings narrows the mix, e.g. to see what one query costs.
    const wanted = process.env.BENCH_QUERIES ? process.env.BENCH_QUERIES.split(',').map((q) => q.trim()) : [...BENCH_QUERIES];
    for (const [i, q] of BENCH_QUERIES.entries()) {
      if (!wanted.includes(q)) continue;
      const body = benchRequestBody(i, BENCH_QUERIES, sampleDwellingIds, districts);
      const answer = (await (await fetch(`${service.url}/graphql`, { method: 'POST', headers, body })).json()) as { errors?: unknown[] };
      if (answer.errors) log(`left out of the mix: ${q}, the service answers ${JSON.stringify(answer.errors).slice(0, 300)}`);
      else queries.push(q);
    }
  } catch (error) {
    // A throwaway copy of the log is dropped, and the service stopped, when the bench cannot start.
    await release().catch(() => undefined);
    throw error;
  }
  return {
    log: generated,
    service: service!,
    bare,
    pool,
    headers,
    sampleDwellingIds,
    districts,
    queries,
    stop: release,
  };
}

/**
 * VACUUM (ANALYZE) of the log and the read models, once after they were written: what autovacuum
 * does on a server where it runs (it is off on this machine's server). Until then the first reads
 * of every freshly written page set its hint bits (writes), and index-only scans visit the heap;
 * the first run after a generation measured lag p99 385 ms against 60–130 ms once the pages had been
 * read. A mark in the schema keeps later runs from vacuuming again.
 */
async function vacuumOnce(pool: pg.Pool, schema: string, log: (line: string) => void): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_vacuumed (generations text PRIMARY KEY)');
  const { rows: gens } = await pool.query<{ g: string }>(`SELECT string_agg(name || ':' || generation, ',' ORDER BY name) AS g FROM projection_generations WHERE status = 'live'`);
  const generations = gens[0]?.g ?? '';
  if ((await pool.query('SELECT 1 FROM bench_vacuumed WHERE generations = $1', [generations])).rows.length > 0) return;
  const started = performance.now();
  const { rows } = await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = $1`, [schema]);
  for (const { t } of rows) await pool.query(`VACUUM (ANALYZE) ${schema}.${t}`);
  await pool.query('INSERT INTO bench_vacuumed VALUES ($1)', [generations]);
  log(`vacuumed and analysed ${rows.length} tables in ${((performance.now() - started) / 1000).toFixed(1)} s (once per set of read-model generations)`);
}

async function readModelsAtHead(pool: pg.Pool, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 60 * 60 * 1000;
  let lastLogged = 0;
  for (;;) {
    const { rows } = await pool.query<{ head: string | null; live: string | null; building: number }>(
      `SELECT (SELECT max(position)::text FROM events) AS head,
              (SELECT min(position)::text FROM projection_generations WHERE status = 'live') AS live,
              (SELECT count(*)::int FROM projection_generations WHERE status = 'building') AS building`,
    );
    const r = rows[0]!;
    if (r.building === 0 && r.live !== null && BigInt(r.live) >= BigInt(r.head ?? '0')) return;
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      log(`  read models at ${r.live ?? 0} of ${r.head}${r.building ? ' (building)' : ''}`);
    }
    if (Date.now() > deadline) throw new Error('read models did not catch up within an hour');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startProcess(script: string, env: (port: number) => Record<string, string>, ready: (url: string) => Promise<boolean>): Promise<RunningProcess> {
  const port = await freePort();
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the service and the bare server, to profile them under the load.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // The service is ready once every read model has a live generation: on a fresh log that is the
  // first build of every projection, minutes for a large one.
  const deadline = Date.now() + 60 * 60_000;
  while (!(await ready(url))) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${script} did not become ready`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
