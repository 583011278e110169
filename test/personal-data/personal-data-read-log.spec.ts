import { migrate } from '../../src/database/migrator.js';
import { personalDataReadMigrations } from '../../src/personal-data/personal-data.migrations.js';
import { PersonalDataReadLog, WRITE_LOCK_KEY, type PersonalDataRead } from '../../src/personal-data/personal-data-read-log.js';
import { createTestDatabase, realPostgresAvailable, type TestDatabase } from '../support/test-database.js';

const read = (subjectId: string): PersonalDataRead => ({
  actor: 'caseworker-1',
  role: 'caseworker',
  subjectId,
  operation: 'application',
  field: 'ApplicationPerson.name',
  correlationId: 'c-1',
  purpose: null,
});

// Two writers at once need two server sessions: real PostgreSQL only (PGlite has one backend).
const describeOnServer = realPostgresAvailable() ? describe : describe.skip;

describeOnServer('the personal-data read log on real PostgreSQL: ids become visible in their order', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    await migrate(db.pool, personalDataReadMigrations);
  });

  afterEach(() => db.drop());

  it('a read recorded while another writer is still open waits for it, so a reader paging by id never passes over a row', async () => {
    const log = new PersonalDataReadLog(db.pool);
    // Another process's writer: holds the write lock with its row (the lower id) not yet committed.
    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '${WRITE_LOCK_KEY}'))`);
      await other.query(`INSERT INTO personal_data_reads (actor, role, subject_id, operation, field, correlation_id) VALUES ('a', 'admin', 'first', 'op', 'f', 'c')`);
      let recorded = false;
      const recording = log.record(read('second')).then(() => (recorded = true));
      await new Promise((r) => setTimeout(r, 300));
      // Before the fix the second row was committed here with the higher id, and a reader paging
      // from it would never see the first.
      expect(recorded).toBe(false);
      expect(await log.list({ limit: 10 })).toEqual([]);
      await other.query('COMMIT');
      await recording;
    } finally {
      other.release();
    }
    const rows = await log.list({ limit: 10 });
    expect(rows.map((r) => r.subjectId)).toEqual(['first', 'second']);
    expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
  });

  it('records the reads of one request in one write and lists them by subject', async () => {
    const log = new PersonalDataReadLog(db.pool);
    await Promise.all([log.record(read('p-1')), log.record(read('p-2')), log.record(read('p-1'))]);
    expect(await log.count({ subjectId: 'p-1' })).toBe(2);
    const [first] = await log.list({ subjectId: 'p-1', limit: 1 });
    expect(await log.list({ subjectId: 'p-1', afterId: first!.id, limit: 10 })).toHaveLength(1);
  });
});
