import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { DomainError, NotFoundError, ValidationError } from '../shared-kernel/domain-error.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { computeKostraReport } from './compute-kostra-report.js';
import type { KostraReport, StoredKostraReportContent } from './kostra-report.js';
import { reportingFactsProjection } from './reporting-facts.projection.js';

export interface KostraReportInput {
  year: number;
  /** Kommunenummer; default the installation's municipality. */
  municipality?: string | null;
  /** Default: the newest position in the log now. */
  position?: bigint | null;
}

/** A computed report (in the newest format unless said otherwise): its content (canonical JSON) and that content's SHA-256. */
export interface ComputedKostraReport<R extends StoredKostraReportContent = KostraReport> {
  report: R;
  content: string;
  hash: string;
}

/** A stored report, in the format it was stored in (`formatVersion`): stored content is never rewritten. */
export interface StoredKostraReport<R extends StoredKostraReportContent = StoredKostraReportContent> extends ComputedKostraReport<R> {
  reportId: string;
  createdAt: Date;
  createdBy: string;
  /** True when this year, municipality and position had been stored before: that report is returned. */
  alreadyStored: boolean;
}

export interface ReportingSettings {
  /** MUNICIPALITY_NUMBER; undefined = decided from the register. */
  municipalityNumber: string | undefined;
  /** Longest wait for the reporting facts to reach the position. */
  waitTimeoutMs: number;
}

const MUNICIPALITY = /^\d{4}$/;

/**
 * Computes, stores and lists KOSTRA reports. A report is always computed as of a fixed log
 * position, after the reporting facts have caught up with it, so the same input always gives the
 * same bytes; stored reports are never changed.
 */
export class KostraReports {
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly settings: ReportingSettings,
  ) {}

  async compute(input: KostraReportInput): Promise<ComputedKostraReport> {
    const year = requireYear(input.year);
    if (input.municipality !== null && input.municipality !== undefined) requireMunicipality(input.municipality);
    const position = await this.resolvePosition(input.position);
    await this.runner.waitForPosition(position, this.settings.waitTimeoutMs, [reportingFactsProjection.name]);
    const applicantMunicipality = await this.applicantMunicipality(position);
    const municipality = requireMunicipality(input.municipality ?? applicantMunicipality);
    const report = await computeKostraReport(this.pool, { year, municipality, position, applicantMunicipality });
    const content = canonicalJson(report);
    return { report, content, hash: sha256Hex(content) };
  }

  /** Computes and stores; a report already stored for the same year, municipality and position is returned as it is. */
  async generate(input: KostraReportInput, createdBy: string): Promise<StoredKostraReport<KostraReport>> {
    const computed = await this.compute(input);
    const { report } = computed;
    const inserted = await this.pool.query(
      `INSERT INTO kostra_reports (report_id, year, municipality, position, hash, content, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year, municipality, position) DO NOTHING
       RETURNING report_id, created_at, created_by`,
      [uuidv7(), report.year, report.municipality, report.position, computed.hash, computed.content, createdBy],
    );
    if (inserted.rows[0]) {
      const row = inserted.rows[0] as { report_id: string; created_at: Date; created_by: string };
      return { ...computed, reportId: row.report_id, createdAt: row.created_at, createdBy: row.created_by, alreadyStored: false };
    }
    const existing = await this.find(report.year, report.municipality, BigInt(report.position));
    if (!existing) throw new Error('a stored report vanished between insert and read');
    if (existing.hash !== computed.hash) {
      // Same position, other bytes: the figure definitions changed since (a new version of the code).
      throw new DomainError(
        'STORED_REPORT_DIFFERS',
        `the report stored for ${report.year}, ${report.municipality} at position ${report.position} (${existing.reportId}) has other content than computing it again gives; the figure definitions have changed since it was stored`,
        'CONFLICT',
      );
    }
    // The same bytes as computed now, so in the newest format.
    return { ...existing, report, alreadyStored: true };
  }

  async get(reportId: string): Promise<StoredKostraReport> {
    const { rows } = await this.pool.query(`SELECT * FROM kostra_reports WHERE report_id::text = $1`, [reportId]);
    if (!rows[0]) throw new NotFoundError('REPORT_NOT_FOUND', `no stored report has the id ${reportId}`, 'reportId');
    return fromRow(rows[0]);
  }

  /** Newest first (report ids are time-ordered UUIDv7). */
  async list(filter: { year?: number | null; municipality?: string | null; afterId?: string; limit: number }): Promise<{ rows: StoredKostraReport[]; total: number }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.year !== null && filter.year !== undefined) {
      values.push(requireYear(filter.year));
      conditions.push(`year = $${values.length}`);
    }
    if (filter.municipality !== null && filter.municipality !== undefined) {
      values.push(requireMunicipality(filter.municipality));
      conditions.push(`municipality = $${values.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const total = Number((await this.pool.query(`SELECT count(*)::int AS n FROM kostra_reports ${where}`, values)).rows[0].n);
    const page = [...values];
    let after = '';
    if (filter.afterId) {
      page.push(filter.afterId);
      after = `${where ? ' AND' : 'WHERE'} report_id < $${page.length}::uuid`;
    }
    page.push(filter.limit);
    const { rows } = await this.pool.query(`SELECT * FROM kostra_reports ${where}${after} ORDER BY report_id DESC LIMIT $${page.length}`, page);
    return { rows: rows.map(fromRow), total };
  }

  /**
   * The municipality applications and the waiting list belong to: MUNICIPALITY_NUMBER, else the
   * kommunenummer most dwellings in the register have at the position (ties: the lowest number);
   * null in an empty register without configuration. A dwelling's kommunenummer is the one its
   * newest version says (the latest-dated of the rows of its highest position: every correction
   * recorded by then applied, whatever its date, as in the register).
   */
  async applicantMunicipality(position: bigint): Promise<string | null> {
    if (this.settings.municipalityNumber) return this.settings.municipalityNumber;
    const { rows } = await this.pool.query<{ kommunenummer: string }>(
      `SELECT kommunenummer FROM (
         SELECT DISTINCT ON (dwelling_id) kommunenummer FROM rpt_dwelling_versions WHERE position <= $1 ORDER BY dwelling_id, position DESC, effective_on DESC
       ) v GROUP BY kommunenummer ORDER BY count(*) DESC, kommunenummer LIMIT 1`,
      [position.toString()],
    );
    return rows[0]?.kommunenummer ?? null;
  }

  /** The installation's municipality as of the newest position now. */
  async installationMunicipality(): Promise<string | null> {
    return this.applicantMunicipality(await this.store.headPosition());
  }

  /**
   * An explicit position must be one the log has reached. A position just returned by a mutation
   * may not be readable for a moment (readers only see below the oldest transaction still running
   * on the server), so a position ahead of the head is given a few seconds before it is refused.
   */
  private async resolvePosition(position: bigint | null | undefined): Promise<bigint> {
    let head = await this.store.headPosition();
    if (position === null || position === undefined) return head;
    if (position < 0n) throw new ValidationError('atPosition', 'must be a log position, 0 or more', 'INVALID_POSITION');
    const deadline = Date.now() + Math.min(this.settings.waitTimeoutMs, 5_000);
    while (position > head && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      head = await this.store.headPosition();
    }
    if (position > head) {
      throw new ValidationError('atPosition', `must not be after the newest event in the log (position ${head}): a report is only computed over recorded events`, 'POSITION_AFTER_HEAD');
    }
    return position;
  }

  private async find(year: number, municipality: string, position: bigint): Promise<StoredKostraReport | null> {
    const { rows } = await this.pool.query(`SELECT * FROM kostra_reports WHERE year = $1 AND municipality = $2 AND position = $3`, [
      year, municipality, position.toString(),
    ]);
    return rows[0] ? fromRow(rows[0]) : null;
  }
}

function fromRow(row: Record<string, unknown>): StoredKostraReport {
  const content = row.content as string;
  return {
    reportId: row.report_id as string,
    report: JSON.parse(content) as StoredKostraReportContent,
    content,
    hash: row.hash as string,
    createdAt: row.created_at as Date,
    createdBy: row.created_by as string,
    alreadyStored: true,
  };
}

export function requireYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) {
    throw new ValidationError('year', 'must be a year from 1990 to 2100, e.g. 2025', 'INVALID_YEAR');
  }
  return year;
}

export function requireMunicipality(municipality: unknown): string {
  if (municipality === null || municipality === undefined) {
    throw new ValidationError(
      'municipality',
      'is required: no MUNICIPALITY_NUMBER is configured and the register has no dwellings to take it from',
      'FIELD_REQUIRED',
    );
  }
  if (typeof municipality !== 'string' || !MUNICIPALITY.test(municipality)) {
    throw new ValidationError('municipality', 'must be a kommunenummer of 4 digits with the leading zero, e.g. 0301', 'INVALID_MUNICIPALITY');
  }
  return municipality;
}
