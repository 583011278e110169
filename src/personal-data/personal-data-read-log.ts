import type pg from 'pg';

/** One read of a person's personal data: who read which person's field, in which operation, when and why. */
export interface PersonalDataRead {
  actor: string;
  role: string;
  subjectId: string;
  operation: string;
  field: string;
  correlationId: string;
  purpose: string | null;
}

export interface RecordedPersonalDataRead extends PersonalDataRead {
  id: bigint;
  at: Date;
}

/** The advisory lock (with the schema's name before it) that orders the writers of the read log. */
export const WRITE_LOCK_KEY = ':boligbok:personal-data-reads';

/**
 * Records every read of personal data before the value is handed out. Reads of one request that
 * happen together (a list of persons) are written in one INSERT; each reader waits for it, so a value
 * is never answered unrecorded.
 */
export class PersonalDataReadLog {
  private pending: { read: PersonalDataRead; done: (error?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly pool: pg.Pool) {}

  record(read: PersonalDataRead): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ read, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  async list(filter: { subjectId?: string; actor?: string; afterId?: bigint; limit: number }): Promise<RecordedPersonalDataRead[]> {
    const { rows } = await this.pool.query(
      `SELECT id, at, actor, role, subject_id, operation, field, correlation_id, purpose FROM personal_data_reads
        WHERE ($1::text IS NULL OR subject_id = $1) AND ($2::text IS NULL OR actor = $2) AND id > $3
        ORDER BY id LIMIT $4`,
      [filter.subjectId ?? null, filter.actor ?? null, (filter.afterId ?? 0n).toString(), filter.limit],
    );
    return rows.map((r) => ({
      id: BigInt(r.id),
      at: r.at,
      actor: r.actor,
      role: r.role,
      subjectId: r.subject_id,
      operation: r.operation,
      field: r.field,
      correlationId: r.correlation_id,
      purpose: r.purpose,
    }));
  }

  async count(filter: { subjectId?: string; actor?: string }): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM personal_data_reads WHERE ($1::text IS NULL OR subject_id = $1) AND ($2::text IS NULL OR actor = $2)`,
      [filter.subjectId ?? null, filter.actor ?? null],
    );
    return Number(rows[0]!.n);
  }

  private async flush() {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (batch.length === 0) return;
    const column = <K extends keyof PersonalDataRead>(k: K) => batch.map((b) => b.read[k]);
    try {
      const client = await this.pool.connect();
      try {
        // Readers page by id, so ids must become visible in their order: a row given id 10 and
        // committed after id 11 would be passed over by a reader already past 11. The lock (for the
        // transaction, across processes) makes each writer take its ids and commit before the next.
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '${WRITE_LOCK_KEY}'))`);
        await client.query(
          `INSERT INTO personal_data_reads (actor, role, subject_id, operation, field, correlation_id, purpose)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
          [column('actor'), column('role'), column('subjectId'), column('operation'), column('field'), column('correlationId'), column('purpose')],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error);
    }
  }
}
