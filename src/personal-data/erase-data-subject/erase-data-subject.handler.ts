import type pg from 'pg';
import type { CommandExecutor } from '../../command-handling/command-executor.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import type { Logger } from '../../observability/logger.js';
import type { ProjectionRunner } from '../../projections/projection-runner.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { isUuid } from '../../shared-kernel/uuid.js';
import { dataSubjectDecider, dataSubjectStreamId, type RetentionHold } from '../data-subject/data-subject.decider.js';
import { dataSubjectRecordsProjection } from '../data-subject-records.projection.js';
import type { DataSubjectEvent } from '../data-subject/data-subject.events.js';
import type { PersonalDataVault } from '../personal-data-vault.js';
import { retentionPolicy, stillKept, type RetentionRule } from '../retention-policy.js';

export interface EraseDataSubjectRequest {
  subjectId: unknown;
  force?: unknown;
  legalBasis?: unknown;
}

export interface EraseDataSubjectResult {
  subjectId: string;
  erased: boolean;
  forced: boolean;
  overriddenRetention: string[];
  position: bigint | null;
}

const MAX_LEGAL_BASIS = 2000;

/**
 * Erasing a person (GDPR art. 17) by crypto-shredding: check the retention rules against the
 * records that mention the person, record DataSubjectErased, then delete the key. Used by the
 * admin mutation and `boligbok forget`.
 */
export class EraseDataSubjectHandler {
  constructor(
    private readonly deps: {
      pool: pg.Pool;
      store: EventStore;
      executor: CommandExecutor;
      runner: ProjectionRunner;
      vault: PersonalDataVault;
      logger: Logger;
      readModelTimeoutMs: number;
      policy?: readonly RetentionRule[];
    },
  ) {}

  async execute(request: EraseDataSubjectRequest, context: CommandContext): Promise<EraseDataSubjectResult> {
    const subjectId = parseSubjectId(request.subjectId);
    const force = request.force === undefined || request.force === null ? false : request.force;
    if (typeof force !== 'boolean') throw new ValidationError('force', 'must be true or false', 'INVALID_FIELD');
    const legalBasis = parseLegalBasis(request.legalBasis);
    const requestedAt = context.occurredAt;
    const holds = await this.holds(subjectId, new Date(requestedAt));
    const result = await this.deps.executor.execute(
      dataSubjectDecider,
      dataSubjectStreamId(subjectId),
      { type: 'EraseDataSubject', subjectId, force, legalBasis, actor: context.actor, requestedAt, holds },
      context,
    );
    // Also after a retry of an erasure whose key deletion failed: the key must be gone.
    await this.deps.vault.erase(subjectId);
    const event = result.events[0] as DataSubjectEvent | undefined;
    // Only the pseudonymous id and the rule kinds: never a name or a national id.
    this.deps.logger.info({ subjectId, forced: event?.data.forced ?? false, position: result.position?.toString() ?? null }, 'data subject erased');
    return {
      subjectId,
      erased: event !== undefined,
      forced: event?.data.forced ?? false,
      overriddenRetention: event?.data.overriddenRetention ?? [],
      position: result.position,
    };
  }

  private committedHead(): Promise<bigint> {
    return committedHeadOf(this.deps.store, this.deps.pool);
  }

  /** The retention rules that still hold records mentioning the person, once the index has read the whole log. */
  private async holds(subjectId: string, on: Date): Promise<RetentionHold[]> {
    await this.deps.runner.waitForPosition(await this.committedHead(), this.deps.readModelTimeoutMs, [dataSubjectRecordsProjection.name]);
    const { rows } = await this.deps.pool.query<{ record_kind: string; last_occurred_at: Date }>(
      'SELECT s.record_kind, s.last_occurred_at FROM data_subject_records r JOIN data_subject_streams s USING (stream_id) WHERE r.subject_id = $1',
      [subjectId],
    );
    const policy = this.deps.policy ?? retentionPolicy;
    const holds = new Map<string, RetentionHold>();
    for (const row of rows) {
      const rule = policy.find((r) => r.recordKind === row.record_kind);
      if (!rule || !stillKept(rule, row.last_occurred_at, on)) continue;
      const hold = holds.get(rule.recordKind) ?? { recordKind: rule.recordKind, records: 0, source: rule.source };
      hold.records += 1;
      holds.set(rule.recordKind, hold);
    }
    return [...holds.values()];
  }
}

/**
 * The refusal must never be skipped because the index lags: wait for it to reach the newest event
 * committed so far. On PostgreSQL, `headPosition` stops below the oldest transaction still open in
 * the cluster (what a reader can safely see in order), which may be older than events already
 * committed; the table itself knows every committed position.
 */
async function committedHeadOf(store: EventStore, pool: pg.Pool): Promise<bigint> {
  if (store.adapterName !== 'postgres') return store.headPosition();
  const { rows } = await pool.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events');
  return rows[0]!.p === null ? 0n : BigInt(rows[0]!.p);
}

function parseSubjectId(value: unknown): string {
  if (!isUuid(value)) throw new ValidationError('subjectId', "must be the person's pseudonymous id (a UUID)", 'INVALID_UUID');
  return value.toLowerCase();
}

function parseLegalBasis(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError('legalBasis', 'must be text', 'INVALID_FIELD');
  const text = value.trim();
  if (text.length === 0) return null;
  if (text.length > MAX_LEGAL_BASIS) throw new ValidationError('legalBasis', `must be at most ${MAX_LEGAL_BASIS} characters`, 'FIELD_TOO_LONG');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw new ValidationError('legalBasis', 'must not contain control characters', 'INVALID_CHARACTERS');
  return text;
}
