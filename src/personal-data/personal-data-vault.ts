import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DomainError } from '../shared-kernel/domain-error.js';

const FORMAT = 'pd1';
const ALGORITHM = 'aes-256-gcm';

/**
 * Personal data never enters the event log in clear: it is sealed with its data subject's own key
 * (AES-256-GCM) and the sealed string is what events and read models carry. Forgetting a subject
 * deletes the key, after which every copy of the sealed value, in the log, read models, backups of
 * either and replays, opens to null. Counts and statistics are untouched because they never needed it.
 */
export class PersonalDataVault {
  constructor(private readonly pool: pg.Pool) {}

  /** Seals a value (any JSON) for a subject, creating the subject's key on first use. */
  async seal(subjectId: string, value: unknown): Promise<string> {
    const key = await this.keyForSealing(subjectId);
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    // The subject id is bound as associated data, so a sealed value cannot be moved to another subject.
    cipher.setAAD(Buffer.from(subjectId));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Opens a sealed value; null when the subject has been forgotten. */
  async open<T>(subjectId: string, sealed: string): Promise<T | null> {
    const keys = await this.keys([subjectId]);
    return openWith<T>(keys.get(subjectId) ?? null, subjectId, sealed);
  }

  /** Opens many sealed values with one key lookup; null for each forgotten subject. */
  async openAll<T>(items: readonly { subjectId: string; sealed: string }[]): Promise<(T | null)[]> {
    const keys = await this.keys([...new Set(items.map((i) => i.subjectId))]);
    return items.map((i) => openWith<T>(keys.get(i.subjectId) ?? null, i.subjectId, i.sealed));
  }

  /** Deletes the subject's key. Returns false when the subject had no key or was already forgotten. */
  async forget(subjectId: string, client: pg.Pool | pg.PoolClient = this.pool): Promise<boolean> {
    const result = await client.query(
      'UPDATE personal_data_keys SET key = NULL, erased_at = now() WHERE subject_id = $1 AND key IS NOT NULL',
      [subjectId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * Erases the subject: deletes their key, or leaves a tombstone when they had none yet, so that
   * nothing can be sealed for them afterwards either. Idempotent.
   */
  async erase(subjectId: string, client: pg.Pool | pg.PoolClient = this.pool): Promise<void> {
    await client.query(
      `INSERT INTO personal_data_keys (subject_id, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = COALESCE(personal_data_keys.erased_at, now())`,
      [subjectId],
    );
  }

  /** Whether the subject has been forgotten. */
  async isForgotten(subjectId: string): Promise<boolean> {
    const result = await this.pool.query<{ erased: boolean }>(
      'SELECT erased_at IS NOT NULL AS erased FROM personal_data_keys WHERE subject_id = $1',
      [subjectId],
    );
    return result.rows[0]?.erased ?? false;
  }

  private async keyForSealing(subjectId: string): Promise<Buffer> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await this.pool.query<{ key: Buffer | null }>(
        `WITH created AS (
           INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2)
           ON CONFLICT (subject_id) DO NOTHING RETURNING key
         )
         SELECT key FROM created
         UNION ALL SELECT key FROM personal_data_keys WHERE subject_id = $1 AND NOT EXISTS (SELECT 1 FROM created)`,
        [subjectId, randomBytes(32)],
      );
      const row = result.rows[0];
      if (row) {
        if (!row.key) throw new DomainError('SUBJECT_ERASED', 'this person has been erased; no new personal data can be recorded for them', 'CONFLICT');
        return row.key;
      }
      // No row: another first seal of the same person inserted the key and committed while this
      // statement waited on it, after this statement's snapshot was taken, so neither part sees it.
      // The next statement has a new snapshot and finds it.
    }
    throw new Error(`the key of data subject ${subjectId} could neither be made nor read`);
  }

  private async keys(subjectIds: readonly string[]): Promise<Map<string, Buffer | null>> {
    if (subjectIds.length === 0) return new Map();
    const result = await this.pool.query<{ subject_id: string; key: Buffer | null }>(
      'SELECT subject_id, key FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])',
      [subjectIds],
    );
    return new Map(result.rows.map((r) => [r.subject_id, r.key]));
  }
}

function openWith<T>(key: Buffer | null, subjectId: string, sealed: string): T | null {
  if (!key) return null;
  const [format, iv, body, tag] = sealed.split('.');
  if (format !== FORMAT || !iv || body === undefined || !tag) throw new Error('not a sealed personal-data value');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(subjectId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}
