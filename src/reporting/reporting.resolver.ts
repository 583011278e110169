import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { connection, pageRequest } from '../graphql/connection.js';
import type { RequestContext } from '../graphql/request-context.js';
import { isUuid } from '../shared-kernel/uuid.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { kostraReportCsv } from './kostra-report.csv.js';
import type { StoredKostraReportContent } from './kostra-report.js';
import { KostraReports, type ComputedKostraReport, type StoredKostraReport } from './kostra-reports.js';

/**
 * The GraphQL shape of a report: its figures, with the content, its hash and the CSV beside them. A
 * report stored in format 1 has no `contracts.security`: the field reads null.
 */
function reportNode(computed: ComputedKostraReport<StoredKostraReportContent>) {
  return { ...computed.report, hash: computed.hash, content: computed.content, csv: kostraReportCsv(computed.report, computed.hash) };
}

function storedNode(stored: StoredKostraReport) {
  return { id: stored.reportId, createdAt: stored.createdAt, createdBy: stored.createdBy, alreadyStored: stored.alreadyStored, report: reportNode(stored) };
}

@Resolver()
export class ReportingResolver {
  constructor(@Inject(KostraReports) private readonly reports: KostraReports) {}

  @Query('kostraReport')
  async kostraReport(
    @Args('year') year: number,
    @Args('municipality') municipality: string | undefined,
    @Args('atPosition') atPosition: bigint | undefined,
  ) {
    return reportNode(await this.reports.compute({ year, municipality, position: atPosition }));
  }

  @Mutation('generateKostraReport')
  async generateKostraReport(
    @Args('input') input: { year: number; municipality?: string | null; atPosition?: bigint | null },
    @Context('request') request: RequestContext,
  ) {
    const stored = await this.reports.generate({ year: input.year, municipality: input.municipality, position: input.atPosition }, request.actor);
    return storedNode(stored);
  }

  @Query('storedReports')
  async storedReports(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('year') year: number | undefined,
    @Args('municipality') municipality: string | undefined,
  ) {
    const page = pageRequest(first, after);
    if (page.afterKey !== undefined && !isUuid(page.afterKey)) throw new ValidationError('after', 'must be a cursor returned by an earlier page');
    const { rows, total } = await this.reports.list({ year, municipality, afterId: page.afterKey, limit: page.first + 1 });
    return connection(rows.map(storedNode), page, (node) => node.id, total);
  }

  @Query('storedReport')
  async storedReport(@Args('id') id: string) {
    if (!isUuid(id)) throw new ValidationError('id', 'must be a report id (a UUID)', 'INVALID_ID');
    return storedNode(await this.reports.get(id));
  }
}
