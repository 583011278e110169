import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { createErrorFormatter } from './graphql/format-error.js';
import { ProjectionsResolver } from './graphql/projections.resolver.js';
import { requestContextFrom } from './graphql/request-context.js';
import { DateScalar, DateTimeScalar, LogPositionScalar } from './graphql/scalars.js';
import { AuditModule } from './audit/audit.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './health/metrics.controller.js';
import { metricsPlugin } from './graphql/metrics.plugin.js';
import { schemaDirectory } from './package-root.js';
import { PortfolioModule } from './portfolio/portfolio.module.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { OpeningBalanceModule } from './portfolio/import-dwellings/opening-balance.module.js';
import { StockSyncModule } from './portfolio/stock-sync/stock-sync.module.js';
import { InfrastructureModule } from './runtime/infrastructure.module.js';
import type { Runtime } from './runtime/runtime.js';

/** The HTTP service: GraphQL at /graphql (queries, mutations, graphql-ws subscriptions) and health endpoints. */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRuntime(runtime),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          typePaths: [`${schemaDirectory}/*.graphql`],
          resolvers: {
            LogPosition: LogPositionScalar,
            Date: DateScalar,
            DateTime: DateTimeScalar,
            Node: { __resolveType: (node: { __typename?: string }) => node.__typename ?? null },
          },
          subscriptions: { 'graphql-ws': true },
          playground: false,
          graphiql: runtime.config.nodeEnv !== 'production',
          introspection: true,
          formatError: createErrorFormatter(runtime.logger),
          plugins: [metricsPlugin(runtime.metrics)],
          context: ({ req, extra }: { req?: Request; extra?: { request?: { headers?: Record<string, string> } } }) => ({
            request: requestContextFrom(req?.headers ?? extra?.request?.headers),
          }),
        }),
        PortfolioModule,
        OpeningBalanceModule,
        StockSyncModule,
        AuditModule,
        ReportingModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ProjectionsResolver],
    };
  }
}
