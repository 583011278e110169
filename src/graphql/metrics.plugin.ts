import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../observability/metrics.js';

/**
 * How many distinct operation names one process labels; every later name is labelled `other`.
 *
 * Names are chosen by clients, so the label must not take every name it is sent: 200 requests with
 * random names made 2,600 series (a histogram has a series per bucket), and any caller with a token
 * could grow Prometheus's memory without end. Why the first names and not, say, the operation's root
 * fields (a closed set from the schema): an integrator's names are few and fixed in its code
 * (`WaitingListPage`, `RegisterDwelling`), they tell an operator which client's call is slow where a
 * root field shared by many clients does not, and dashboards already read `operation_name`. A
 * hundred is several times what the known integrations send; a new name after it shows as `other`
 * until the process restarts, and `other` growing is the sign to look at the callers' names.
 */
export const LABELLED_OPERATION_NAMES = 100;
/** Label values are also kept short. */
const OPERATION_NAME_LENGTH = 60;

/** Records each GraphQL operation's latency by type, name (bounded, see above) and outcome. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  const labelled = new Set<string>();
  const label = (operationName: string | null | undefined): string => {
    const name = (operationName ?? 'anonymous').slice(0, OPERATION_NAME_LENGTH);
    if (labelled.has(name)) return name;
    if (labelled.size >= LABELLED_OPERATION_NAMES) return 'other';
    labelled.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlSeconds.observe(
            {
              operation_type: operation?.operation ?? 'unknown',
              operation_name: label(operationName),
              outcome: errors && errors.length > 0 ? 'error' : 'ok',
            },
            seconds,
          );
        },
      };
    },
  };
}
