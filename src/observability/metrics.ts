import client from 'prom-client';

/**
 * Prometheus metrics of one process, served at /metrics. Projection figures are read when scraped,
 * so they are never older than the scrape.
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly commands: client.Counter<'command' | 'outcome'>;
  readonly commandSeconds: client.Histogram<'command' | 'outcome'>;
  readonly appendSeconds: client.Histogram<'adapter' | 'outcome'>;
  readonly graphqlSeconds: client.Histogram<'operation_type' | 'operation_name' | 'outcome'>;
  readonly projectionPosition: client.Gauge<'projection'>;
  readonly projectionLag: client.Gauge<'projection'>;
  readonly projectionRunningHere: client.Gauge<'projection'>;
  readonly projectionFailed: client.Gauge<'projection'>;

  constructor(collectProjections?: () => Promise<Array<{ name: string; position: bigint; lag: bigint | null; runningHere: boolean; failed: boolean }>>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'boligbok_' });
    const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    this.commands = new client.Counter({
      name: 'boligbok_commands_total',
      help: 'Commands handled, by command type and outcome (ok, refused, conflict, error)',
      labelNames: ['command', 'outcome'],
      registers: [this.registry],
    });
    this.commandSeconds = new client.Histogram({
      name: 'boligbok_command_duration_seconds',
      help: 'Time to load, decide and append a command, by command type and outcome',
      labelNames: ['command', 'outcome'],
      buckets,
      registers: [this.registry],
    });
    this.appendSeconds = new client.Histogram({
      name: 'boligbok_event_store_append_duration_seconds',
      help: 'Event store append latency',
      labelNames: ['adapter', 'outcome'],
      buckets,
      registers: [this.registry],
    });
    this.graphqlSeconds = new client.Histogram({
      name: 'boligbok_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency, by operation type, name and outcome',
      labelNames: ['operation_type', 'operation_name', 'outcome'],
      buckets,
      registers: [this.registry],
    });
    let cached: Promise<Awaited<ReturnType<NonNullable<typeof collectProjections>>>> | undefined;
    // One status read per scrape serves all four gauges.
    const read = () => (cached ??= (collectProjections?.() ?? Promise.resolve([])).finally(() => setTimeout(() => (cached = undefined), 100)));
    const gauge = (name: string, help: string, value: (p: Awaited<ReturnType<typeof read>>[number]) => number | null) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const p of await read()) {
            const v = value(p);
            if (v !== null) this.set({ projection: p.name }, v);
          }
        },
      });
    this.projectionPosition = gauge('boligbok_projection_position', 'Log position the live read model has processed', (p) => Number(p.position));
    this.projectionLag = gauge('boligbok_projection_lag_events', 'Events in the log after the live checkpoint', (p) => (p.lag === null ? null : Number(p.lag)));
    this.projectionRunningHere = gauge('boligbok_projection_running_here', '1 when this process runs the projection', (p) => (p.runningHere ? 1 : 0));
    this.projectionFailed = gauge('boligbok_projection_failed', '1 when the projection stopped at an event it cannot apply', (p) => (p.failed ? 1 : 0));
  }

  /** Times an async step and records it in a histogram with the outcome as a label. */
  async time<T>(histogram: client.Histogram<string>, labels: Record<string, string>, work: () => Promise<T>, outcomeOf: (error: unknown) => string = () => 'error'): Promise<T> {
    const end = histogram.startTimer(labels);
    try {
      const result = await work();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: outcomeOf(error) });
      throw error;
    }
  }
}
