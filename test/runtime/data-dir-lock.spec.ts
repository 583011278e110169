import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

describe('DATA_DIR lock of the embedded database', () => {
  it('refuses to open a DATA_DIR that a live process holds, naming the process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'boligbok-lock-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dataDir, 'boligbok.pid'), String(holder.pid));
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(`is in use by process ${holder.pid}`);
    } finally {
      holder.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
