import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data-vault.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`personal data vault on ${kind}`, () => {
    let db: TestDatabase;
    let runtime: Runtime;
    let vault: PersonalDataVault;
    beforeAll(async () => {
      db = await createTestDatabase(kind, 4);
      runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }), createLogger('silent'));
      vault = new PersonalDataVault(runtime.pool);
    });
    afterAll(async () => {
      await runtime?.close();
      await db?.drop();
    });

    it('seals a value that is not readable in clear and opens it again', async () => {
      const subject = uuidv7();
      const sealed = await vault.seal(subject, { name: 'Kari Nordmann', nationalId: '01017012345' });
      expect(sealed).not.toContain('Kari');
      expect(sealed).not.toContain('01017012345');
      expect(await vault.open(subject, sealed)).toEqual({ name: 'Kari Nordmann', nationalId: '01017012345' });
    });

    if (kind === 'postgres') {
      it('a first seal that meets another first seal of the same person uses the key that one made (not "erased")', async () => {
        const subject = uuidv7();
        // The other seal: its key inserted, not yet committed when ours arrives.
        const other = await runtime.pool.connect();
        try {
          await other.query('BEGIN');
          await other.query('INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2)', [subject, Buffer.alloc(32, 7)]);
          const sealing = vault.seal(subject, 'value');
          await new Promise((r) => setTimeout(r, 200));
          await other.query('COMMIT');
          const sealed = await sealing;
          expect(await vault.open(subject, sealed)).toBe('value');
        } finally {
          other.release();
        }
      });
    }

    it('uses one key per subject and refuses a value moved to another subject', async () => {
      const a = uuidv7();
      const b = uuidv7();
      const sealedA = await vault.seal(a, 'secret');
      await vault.seal(b, 'other');
      await expect(vault.open(b, sealedA)).rejects.toThrow();
      const keys = await runtime.pool.query('SELECT count(DISTINCT key)::int AS n FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])', [[a, b]]);
      expect(keys.rows[0].n).toBe(2);
    });

    it('forgets a subject: every sealed copy opens to null, and nothing new can be sealed', async () => {
      const subject = uuidv7();
      const other = uuidv7();
      const sealed = await vault.seal(subject, 'Ola');
      const kept = await vault.seal(other, 'Per');
      expect(await vault.forget(subject)).toBe(true);
      expect(await vault.forget(subject)).toBe(false);
      expect(await vault.isForgotten(subject)).toBe(true);
      expect(await vault.open(subject, sealed)).toBeNull();
      expect(await vault.openAll([{ subjectId: subject, sealed }, { subjectId: other, sealed: kept }])).toEqual([null, 'Per']);
      await expect(vault.seal(subject, 'again')).rejects.toThrow(DomainError);
      const stored = await runtime.pool.query('SELECT key FROM personal_data_keys WHERE subject_id = $1', [subject]);
      expect(stored.rows[0].key).toBeNull();
    });
  });
}
