import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

/**
 * Runs the built command line (`node bin/boligbok.js import dwellings ...`) as a separate process
 * against a test database. Asynchronously, because the embedded test database is served by this
 * process: a synchronous spawn would block the server the child talks to.
 */
function boligbok(db: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(packageRoot, 'bin', 'boligbok.js'), ...args],
      { cwd: packageRoot, env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Builds dist/ when a source file is newer than the last build (npm test builds first anyway). */
function ensureBuilt(): Promise<void> {
  const built = join(packageRoot, 'dist', 'cli', 'main.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0)));
  if (existsSync(join(packageRoot, 'dist', 'cli', 'import.command.js')) && newest(join(packageRoot, 'src')) <= builtAt) return Promise.resolve();
  return new Promise((resolve) => {
    // tsc emits even when another part of the code base has a type error; the test then runs what was emitted.
    execFile(process.execPath, [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: packageRoot }, () => resolve());
  });
}

const example = join(packageRoot, 'examples', 'dwellings-opening-balance.csv');

for (const kind of testDatabaseKinds()) {
  describe(`boligbok import dwellings, the built command line (${kind})`, () => {
    let db: TestDatabase;
    let dir: string;
    const eventCount = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

    beforeAll(async () => {
      await ensureBuilt();
      db = await createTestDatabase(kind, 2);
      dir = mkdtempSync(join(tmpdir(), 'boligbok-import-'));
    }, 180_000);
    afterAll(async () => {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports the example file, showing progress and a summary, and exits 0', async () => {
      const r = await boligbok(db, 'import', 'dwellings', example);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('imported:        15');
      expect(r.stdout).toContain('already present: 0');
      expect(r.stdout).toMatch(/Last event written at log position \d+\./);
      // stderr is not a terminal here, so the progress bar prints plain lines.
      expect(r.stderr).toContain('importing dwellings: 15/15 (100%)');
      expect(await eventCount()).toBe(32); // 15 registrations, 2 grants and the claims of the 15 units

      const { rows } = await db.pool.query<{ metadata: { actor: string; role: string } }>('SELECT metadata FROM events LIMIT 1');
      expect(rows[0]!.metadata).toMatchObject({ actor: `cli:${userInfo().username}`, role: 'admin' });
    });

    it('writes nothing when the same file is imported again', async () => {
      const before = await eventCount();
      const r = await boligbok(db, 'import', 'dwellings', example);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('imported:        0');
      expect(r.stdout).toContain('already present: 15');
      expect(await eventCount()).toBe(before);
    });

    it('lists row errors as "line N, column C: rule (CODE)", writes nothing and exits 1', async () => {
      const file = join(dir, 'invalid.csv');
      const header = 'kommunenummer;gardsnummer;bruksnummer;bruksenhetsnummer;street;postal_code;postal_town;district;dwelling_type;rooms;bedrooms;primary_area_m2;floor;wheelchair_accessible;universally_designed;shared_living;rent_to_own_potential;ownership;registered_on';
      const ok = '1505;700;1;H0101;Testveien 1;6509;Kristiansund;Frei;ordinary;2;1;40;1;nei;nei;nei;nei;municipal;2025-01-01';
      writeFileSync(file, `\uFEFF${header}\r\n${ok}\r\n${ok.replace('700', '701').replace(';6509;', ';65O9;')}\r\n`);
      const before = await eventCount();
      const r = await boligbok(db, 'import', 'dwellings', file);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("line 3, column postal_code: must be exactly 4 digits, e.g. '0150' (INVALID_POSTAL_CODE)");
      expect(r.stdout).toContain('Nothing was written: 1 of 2 rows have errors');
      expect(await eventCount()).toBe(before);

      const json = await boligbok(db, 'import', 'dwellings', file, '--valid-rows-only', '--json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ rows: 2, imported: 1, rejectedRows: 1, written: true, rowErrors: [{ line: 3, column: 'postal_code' }] });
      expect(await eventCount()).toBe(before + 2); // the valid row's registration and its unit's claim
    });

    it('refuses a file that is not UTF-8, with a hint, and exits 1', async () => {
      const file = join(dir, 'latin1.csv');
      writeFileSync(file, Buffer.from('kommunenummer;street\n1505;Vågeveien 12\n', 'latin1'));
      const r = await boligbok(db, 'import', 'dwellings', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is not UTF-8 text');
    });

    it('lists the columns in its help', async () => {
      const r = await boligbok(db, 'import', 'dwellings', '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--valid-rows-only/);
      expect(r.stdout).toMatch(/grant_write_down_years\s+optional/);
    });
  });
}
