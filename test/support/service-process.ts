import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevelopmentKey, signDevelopmentToken } from '../../src/access/development-key.js';
import type { Role } from '../../src/access/roles.js';
import { packageRoot } from '../../src/package-root.js';

/** A real `node dist/main.js` process on a database, with its log lines kept for assertions. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  /** Calls GraphQL with an admin token (signed with the process's development key); throws on errors. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** A token for this process, signed with its development key. */
  token(role: Role, subject?: string): Promise<string>;
  metric(name: string, labels: string): Promise<number | undefined>;
  kill(signal: NodeJS.Signals): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Without DATA_DIR in `env`, the process gets a temporary one (its development signing key lives
 * there). The rate limit is off unless `env` sets RATE_LIMIT_PER_MINUTE.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'boligbok-service-'));
  const child = spawn(process.execPath, [join(packageRoot, 'dist', 'main.js')], {
    // The daily expiry off: tests bring time in themselves (a run at start would expire their data under them).
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', EXPIRY_SCHEDULE: 'off', ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout!.on('data', (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (d: Buffer) => logs.push(...d.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${logs.join('\n')}`);
    try {
      const r = await fetch(`${url}/health/ready`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`service did not become ready:\n${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const key = await loadOrCreateDevelopmentKey(dataDir);
  const token = (role: Role, subject = `test-${role}`) =>
    signDevelopmentToken(key, {
      subject,
      role,
      issuer: env.AUTH_ISSUER ?? 'boligbok-development',
      audience: env.AUTH_AUDIENCE ?? 'boligbok',
      roleClaim: env.AUTH_ROLE_CLAIM ?? 'role',
      expiresIn: '2h',
    });
  const adminToken = await token('admin');
  return {
    url,
    child,
    logs,
    exited,
    token,
    async graphql(query, variables) {
      const r = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await r.json()) as any;
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async metric(name, labels) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
      return line ? Number(line.split(' ').pop()) : undefined;
    },
    kill(signal) {
      child.kill(signal);
    },
  };
}
