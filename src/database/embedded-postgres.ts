import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGliteProtocolServer } from './pglite-protocol-server.js';

export interface EmbeddedPostgres {
  /** A postgresql:// URL on 127.0.0.1 that `pg` connects to. */
  url: string;
  /** Where the data lives on disk, or 'memory' for a throwaway database. */
  location: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), in this process, served on a loopback port so the
 * rest of the service talks to it with `pg` exactly as to a real server. PGlite runs one query at
 * a time; the protocol server lets connections take turns (see PGliteProtocolServer).
 */
export async function startEmbeddedPostgres(dataDir: string | 'memory'): Promise<EmbeddedPostgres> {
  let lockFile: string | undefined;
  let db: PGlite;
  if (dataDir === 'memory') {
    db = await PGlite.create();
  } else {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    lockFile = join(dir, 'boligbok.pid');
    claimDataDir(lockFile);
    db = await PGlite.create({ dataDir: join(dir, 'pgdata') });
  }
  const server = new PGliteProtocolServer(db);
  const port = await server.listen('127.0.0.1', 0);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    location: dataDir === 'memory' ? 'memory' : join(resolve(dataDir), 'pgdata'),
    async stop() {
      await server.close();
      await db.close();
      if (lockFile) rmSync(lockFile, { force: true });
    },
  };
}

/** PGlite keeps the database inside one process: a second process on the same directory would corrupt it. */
function claimDataDir(lockFile: string): void {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `DATA_DIR ${lockFile.replace(/\/boligbok\.pid$/, '')} is in use by process ${pid}; stop it, or set DATA_DIR to another directory`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
