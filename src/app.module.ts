import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { createErrorFormatter } from './graphql/format-error.js';
import { ProjectionsResolver } from './graphql/projections.resolver.js';
import { DateScalar, DateTimeScalar, LogPositionScalar } from './graphql/scalars.js';
import { AuditModule } from './audit/audit.module.js';
import { ApplicationsModule } from './applications/applications.module.js';
import { AllocationsModule } from './allocations/allocations.module.js';
import { AccessModule } from './access/access.module.js';
import { accessPlugin, accessSchemaTransform, armor, graphqlContext, parseOptions, websocketAccess } from './access/graphql-access.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './health/metrics.controller.js';
import { metricsPlugin } from './graphql/metrics.plugin.js';
import { schemaDirectory } from './package-root.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { PortfolioModule } from './portfolio/portfolio.module.js';
import { OpeningBalanceModule } from './portfolio/import-dwellings/opening-balance.module.js';
import { StockSyncModule } from './portfolio/stock-sync/stock-sync.module.js';
import { InfrastructureModule } from './runtime/infrastructure.module.js';
import { LeasesModule } from './leases/leases.module.js';
import { LeaseStatusesModule } from './leases/lease-statuses-from-log.js';
import { OwnershipModule } from './ownership/ownership.module.js';
import type { Runtime } from './runtime/runtime.js';

/** The HTTP service: GraphQL at /graphql (queries, mutations, graphql-ws subscriptions) and health endpoints. */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const protection = armor(runtime);
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
          subscriptions: { 'graphql-ws': websocketAccess(runtime) },
          playground: false,
          graphiql: runtime.config.nodeEnv !== 'production',
          // Allowed by Apollo, then limited to the roles that need it by the operation rules (Query.__schema).
          introspection: true,
          formatError: createErrorFormatter(runtime.logger),
          // No cache hints are given, so Apollo's cache-control plugin would only wrap every field resolver.
          plugins: [metricsPlugin(runtime.metrics), accessPlugin(runtime), ...protection.plugins, ApolloServerPluginCacheControlDisabled()],
          validationRules: protection.validationRules,
          parseOptions: parseOptions(runtime),
          includeStacktraceInErrorResponses: false,
          allowBatchedHttpRequests: false,
          // Every request must carry an Authorization header, which a browser cannot add to a cross-site simple request.
          csrfPrevention: { requestHeaders: ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'] },
          transformSchema: accessSchemaTransform(runtime),
          context: graphqlContext(runtime),
        }),
        PortfolioModule,
        OpeningBalanceModule,
        StockSyncModule,
        AuditModule,
        ApplicationsModule,
        AllocationsModule,
        AccessModule,
        LeasesModule,
        LeaseStatusesModule,
        OwnershipModule,
        ReportingModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ProjectionsResolver],
    };
  }
}
