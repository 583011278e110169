import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AsOf } from '../projections/valid-time-history.js';
import { PortfolioSummaryReadModel } from './portfolio-summary.read-model.js';

/** What the summary query passes down for the fields computed on demand. */
export interface PortfolioSummaryParent {
  on: string;
  kommunenummer: string | null;
  asOf: AsOf | undefined;
}

/** The grant balance reads every grant in the portfolio: computed only when a query asks for it. */
@Resolver('PortfolioSummary')
export class PortfolioSummaryFieldResolver {
  constructor(@Inject(PortfolioSummaryReadModel) private readonly summaries: PortfolioSummaryReadModel) {}

  @ResolveField('outstandingGrants')
  outstandingGrants(@Parent() summary: PortfolioSummaryParent): Promise<number> {
    return this.summaries.outstandingGrants(summary.on, summary.kommunenummer, summary.asOf);
  }
}
