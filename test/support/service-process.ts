import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';

/** A real `node dist/main.js` process on a database, with its log lines kept for assertions. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  graphql(query: string, variables?: Record<string, unknown>): Promise<any>;
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

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(packageRoot, 'dist', 'main.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
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
  return {
    url,
    child,
    logs,
    exited,
    async graphql(query, variables) {
      const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
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
