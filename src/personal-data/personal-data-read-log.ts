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
      await this.pool.query(
        `INSERT INTO personal_data_reads (actor, role, subject_id, operation, field, correlation_id, purpose)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [column('actor'), column('role'), column('subjectId'), column('operation'), column('field'), column('correlationId'), column('purpose')],
      );
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error);
    }
  }
}
