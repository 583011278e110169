import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

/** Runs the built command line as its own process (asynchronously: the embedded test database is served by this process). */
function boligbok(db: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(packageRoot, 'bin', 'boligbok.js'), ...args],
      { cwd: packageRoot, env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Builds dist/ when a source file is newer than the last build. */
function ensureBuilt(): Promise<void> {
  const built = join(packageRoot, 'dist', 'cli', 'replay.command.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0)));
  if (builtAt > 0 && newest(join(packageRoot, 'src')) <= builtAt) return Promise.resolve();
  return new Promise((resolve) => {
    execFile(process.execPath, [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: packageRoot }, () => resolve());
  });
}

const example = join(packageRoot, 'examples', 'dwellings-opening-balance.csv');

for (const kind of testDatabaseKinds()) {
  describe(`boligbok replay, the built command line (${kind})`, () => {
    let db: TestDatabase;
    let log: Array<{ position: string; recorded_at: string; stream_id: string; type: string }>;

    beforeAll(async () => {
      await ensureBuilt();
      db = await createTestDatabase(kind, 2);
      const imported = await boligbok(db, 'import', 'dwellings', example);
      expect(imported.code).toBe(0);
      log = (
        await db.pool.query(
          `SELECT position::text, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, stream_id, type FROM events ORDER BY position`,
        )
      ).rows;
    }, 180_000);
    afterAll(() => db.drop());

    it('replays up to a log position: prints those events with labels, actor and role, and the portfolio at that point', async () => {
      const fifth = log[4]!;
      const r = await boligbok(db, 'replay', '--until', fifth.position);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => /^\d+ +\d{4}-/.test(l));
      expect(lines).toHaveLength(5);
      // Each imported dwelling first claims its unit, then is registered.
      const registration = lines.find((l) => l.includes('(DwellingRegistered)'))!;
      expect(registration).toContain('Bolig registrert (inngående balanse) (DwellingRegistered)');
      expect(registration).toMatch(/\((admin|[a-z-]+)\)$/);
      expect(lines[0]).toContain('Bruksenhet knyttet til bolig i porteføljen (DwellingUnitClaimed)');
      expect(lines.at(-1)).toContain(fifth.position);
      expect(r.stdout).toContain(`5 events known at position ${fifth.position}`);
      const registered = log.slice(0, 5).filter((e) => e.type === 'DwellingRegistered').length;
      expect(r.stdout).toContain(`dwellings in portfolio: ${registered} in`);
      expect(r.stderr).toContain('replaying the log');
    });

    it('replays up to an instant as JSON: the events recorded by then, counts per category and the portfolio summary', async () => {
      const instant = log[8]!.recorded_at;
      const known = log.filter((e) => Date.parse(e.recorded_at) <= Date.parse(instant));
      const r = await boligbok(db, 'replay', '--until', instant, '--format', 'json', '--on', '2025-01-01');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.replayed).toBe(known.length);
      expect(out.events.map((e: { position: string }) => e.position)).toEqual(known.map((e) => e.position));
      expect(out.events.find((e: { type: string }) => e.type === 'DwellingRegistered')).toMatchObject({ label: 'Bolig registrert (inngående balanse)', labelEn: 'Dwelling registered (opening balance)', role: expect.any(String), actor: expect.any(String) });
      const inCategory = (category: string) => known.filter((e) => e.stream_id.startsWith(`${category}-`));
      expect(out.categories).toEqual(
        ['dwelling', 'dwellingunit'].map((category) => ({ category, streams: new Set(inCategory(category).map((e) => e.stream_id)).size, events: inCategory(category).length, folded: true })),
      );
      expect(out.portfolioSummary).toMatchObject({ on: '2025-01-01', dwellingsInPortfolio: known.filter((e) => e.type === 'DwellingRegistered').length });
    });

    it('replays one stream and prints its folded state', async () => {
      const stream = log.find((e) => e.type === 'RentalHousingGrantRecorded')!.stream_id;
      const r = await boligbok(db, 'replay', '--until', '2999-01-01T00:00:00Z', '--stream', stream);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`2 events of ${stream}`);
      expect(r.stdout).toContain('Resulting state:');
      const state = JSON.parse(r.stdout.slice(r.stdout.indexOf('Resulting state:') + 'Resulting state:'.length));
      expect(state).toMatchObject({ status: 'available', rentalHousingGrants: [expect.objectContaining({ amount: expect.any(Number) })] });
      const none = await boligbok(db, 'replay', '--until', '2000-01-01T00:00:00Z', '--stream', stream, '--format', 'json', '--no-events');
      expect(JSON.parse(none.stdout)).toMatchObject({ replayed: 0, state: null });
      expect(JSON.parse(none.stdout).events).toBeUndefined();
    });

    it('refuses an --until that is neither an instant nor a position, naming the option (exit 64)', async () => {
      const r = await boligbok(db, 'replay', '--until', 'yesterday');
      expect(r.code).toBe(64);
      expect(r.stderr).toContain('--until must be an ISO 8601 instant');
      const noZone = await boligbok(db, 'replay', '--until', '2025-03-01T10:00:00');
      expect(noZone.code).toBe(64);
    });
  });
}
