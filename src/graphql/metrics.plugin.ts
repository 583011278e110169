import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../observability/metrics.js';

/** Records each GraphQL operation's latency by type, name and outcome. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlSeconds.observe(
            {
              operation_type: operation?.operation ?? 'unknown',
              // Names are chosen by clients: cap them so a client cannot blow up the label set.
              operation_name: (operationName ?? 'anonymous').slice(0, 60),
              outcome: errors && errors.length > 0 ? 'error' : 'ok',
            },
            seconds,
          );
        },
      };
    },
  };
}
