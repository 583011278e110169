import { ApolloServer } from '@apollo/server';
import { LABELLED_OPERATION_NAMES, metricsPlugin } from '../../src/graphql/metrics.plugin.js';
import { Metrics } from '../../src/observability/metrics.js';

/** Operation names are the client's choice: the histogram labels a bounded number of them (metrics.plugin.ts). */
describe('the GraphQL latency histogram', () => {
  it('labels at most LABELLED_OPERATION_NAMES distinct operation names, every later one as other', async () => {
    const metrics = new Metrics();
    const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hei' } }, plugins: [metricsPlugin(metrics)] });
    await server.start();
    const ask = async (name: string) => {
      const result = await server.executeOperation({ query: `query ${name} { hello }` });
      expect(result.body.kind === 'single' && result.body.singleResult.data).toEqual({ hello: 'hei' });
    };
    try {
      const names = Array.from({ length: LABELLED_OPERATION_NAMES + 50 }, (_, i) => `Random_${i}_${Math.random().toString(36).slice(2)}`);
      for (const name of names) await ask(name);
      // A name labelled before keeps its series; a new one joins `other`.
      await ask(names[0]!);
      await ask('OneMoreNewName');

      const counts = (await metrics.graphqlSeconds.get()).values.filter((v) => v.metricName === 'boligbok_graphql_operation_duration_seconds_count');
      const count = (name: string) => counts.find((v) => v.labels.operation_name === name)?.value;
      expect(new Set(counts.map((v) => v.labels.operation_name)).size).toBe(LABELLED_OPERATION_NAMES + 1);
      expect(count(names[0]!)).toBe(2);
      expect(count(names[LABELLED_OPERATION_NAMES - 1]!)).toBe(1);
      expect(count(names[LABELLED_OPERATION_NAMES]!)).toBeUndefined();
      expect(count('other')).toBe(50 + 1);
      // Every operation is still counted, in its own series or in `other`.
      expect(counts.reduce((sum, v) => sum + v.value, 0)).toBe(names.length + 2);
    } finally {
      await server.stop();
    }
  });
});
