import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';

/** `boligbok generate` refuses bad options with a message naming the option and the rule. */
describe('boligbok generate (CLI)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boligbok-generate-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(packageRoot, 'bin', 'boligbok.js'), 'generate', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('refuses an unknown profile, naming the profiles there are', () => {
    const result = run('--profile', 'bergen');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--profile must be one of kristiansund, oslo, national (got 'bergen')");
  });

  it('refuses a number of years that is not a whole number from 1 to 50', () => {
    const result = run('--years', '0');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--years must be a whole number from 1 to 50 (got '0')");
  });

  it('lists the profiles in its help', () => {
    const result = run('--help');
    expect(result.stdout).toContain('kristiansund | oslo | national');
    expect(result.stdout).toContain('--seed');
  });
});
