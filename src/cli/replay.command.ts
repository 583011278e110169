import type { Command } from 'commander';
import { eventLabels } from '../audit/history/registered-event-labels.js';
import { replayLog } from '../audit/replay/replay-log.js';
import { replayedPortfolioSummary } from '../audit/replay/replayed-portfolio-summary.js';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import { streamCategory } from '../event-store/event-store.port.js';
import { osloToday } from '../graphql/oslo-date.js';
import type { DwellingState } from '../portfolio/dwelling/dwelling.state.js';
import type { AsOf } from '../projections/valid-time-history.js';
import { progressBar } from './progress.js';
import { withRuntime } from './with-runtime.js';

interface ReplayCommandOptions {
  until: string;
  stream?: string;
  format: string;
  events: boolean;
  on?: string;
}

/** `--until`: a log position (digits) or an ISO 8601 instant with a time zone. */
export function parseUntil(value: string): AsOf {
  if (/^\d+$/.test(value)) return { position: BigInt(value) };
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return { recordedAt: new Date(value).toISOString() };
  }
  throw new Error(`--until must be an ISO 8601 instant with a time zone (e.g. 2025-03-01T10:00:00Z) or a log position (a whole number), not '${value}'`);
}

const json = (value: unknown, indent?: number) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v), indent);

function eventLine(e: RecordedEvent): string {
  const label = `${eventLabels.label(e.type)} (${e.type})`;
  return `${e.position.toString().padEnd(20)} ${e.metadata.recordedAt.padEnd(25)} ${label.padEnd(60)} ${e.streamId.padEnd(46)} ${e.metadata.actor} (${e.metadata.role})`;
}

function eventJson(e: RecordedEvent) {
  return {
    position: e.position.toString(),
    recordedAt: e.metadata.recordedAt,
    occurredAt: e.metadata.occurredAt,
    type: e.type,
    label: eventLabels.label(e.type),
    labelEn: eventLabels.label(e.type, 'en'),
    streamId: e.streamId,
    revision: e.revision.toString(),
    actor: e.metadata.actor,
    role: e.metadata.role,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    data: e.data,
  };
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay the event log as it was known at an instant: prints the events and the resulting state')
    .requiredOption('--until <timestamp|position>', 'an ISO 8601 instant (events recorded up to it) or a log position (events up to and including it)')
    .option('--stream <id>', 'only this stream, e.g. dwelling-<uuid>; prints its folded state')
    .option('--format <format>', 'text or json', 'text')
    .option('--no-events', 'print only the resulting state')
    .option('--on <date>', 'the date the portfolio summary computes outstanding grants for (default: the date of --until in Oslo, or today)')
    .addHelpText(
      'after',
      `\nWithout --stream, prints the events of every stream and a summary of the resulting state: events and\nstreams per category and the portfolio summary at that point. A progress bar goes to stderr.`,
    )
    .action(async (options: ReplayCommandOptions) => {
      let until: AsOf;
      try {
        until = parseUntil(options.until);
        if (options.format !== 'text' && options.format !== 'json') throw new Error(`--format must be text or json, not '${options.format}'`);
        if (options.on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.on)) throw new Error(`--on must be a date YYYY-MM-DD, not '${options.on}'`);
        if (options.stream !== undefined && !/^[a-z][a-z0-9]*-\S+$/.test(options.stream)) throw new Error(`--stream must be a stream id (category-id, e.g. dwelling-<uuid>), not '${options.stream}'`);
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        process.exitCode = 64;
        return;
      }
      await withRuntime(async (runtime) => {
        const asJson = options.format === 'json';
        const total = await runtime.pool
          .query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`)
          .then((r) => r.rows[0]!.n)
          .catch(() => 0);
        const bar = progressBar('replaying the log', Math.max(total, 1));
        const events: ReturnType<typeof eventJson>[] = [];
        const printed = (e: RecordedEvent) => {
          if (!options.events) return;
          if (asJson) events.push(eventJson(e));
          else process.stdout.write(`${eventLine(e)}\n`);
        };
        if (!asJson && options.events) {
          console.log(`${'position'.padEnd(20)} ${'recorded at'.padEnd(25)} ${'event'.padEnd(60)} ${'stream'.padEnd(46)} actor (role)`);
        }
        const result = await replayLog(runtime.store, {
          until,
          streamId: options.stream,
          onEvent: printed,
          onProgress: (read) => bar.update(read, Math.max(total, read)),
        });
        bar.stop();
        const untilText = 'position' in until ? `position ${until.position}` : until.recordedAt;
        const on = options.on ?? ('recordedAt' in until ? osloToday(new Date(until.recordedAt)) : osloToday());
        const categories = [...result.categories].sort(([a], [b]) => (a < b ? -1 : 1)).map(([category, c]) => ({ category, ...c }));
        const summary = replayedPortfolioSummary(
          [...result.states].filter(([id]) => streamCategory(id) === 'dwelling').map(([, s]) => s as DwellingState),
          on,
        );
        const last = result.last ? { position: result.last.position.toString(), recordedAt: result.last.metadata.recordedAt } : null;
        if (options.stream) {
          const folded = result.categories.get(streamCategory(options.stream))?.folded ?? false;
          const state = result.states.get(options.stream) ?? null;
          if (asJson) {
            console.log(json({ until: untilText, stream: options.stream, replayed: result.events, last, ...(options.events ? { events } : {}), folded, state }, 2));
          } else {
            console.log(`\n${result.events} events of ${options.stream} known at ${untilText}${last ? ` (last: position ${last.position}, recorded ${last.recordedAt})` : ''}.`);
            if (result.events === 0) console.log('The stream had no events then.');
            else if (!folded) console.log(`No decider is registered for the category '${streamCategory(options.stream)}'; only its events are shown.`);
            else console.log(`Resulting state:\n${json(state, 2)}`);
          }
          return;
        }
        if (asJson) {
          console.log(json({ until: untilText, replayed: result.events, last, ...(options.events ? { events } : {}), categories, portfolioSummary: summary }, 2));
          return;
        }
        console.log(`\n${result.events} events known at ${untilText}${last ? ` (last: position ${last.position}, recorded ${last.recordedAt})` : ''}.`);
        console.log(`\n${'category'.padEnd(16)} ${'streams'.padStart(8)} ${'events'.padStart(8)}  folded`);
        for (const c of categories) console.log(`${c.category.padEnd(16)} ${String(c.streams).padStart(8)} ${String(c.events).padStart(8)}  ${c.folded ? 'yes' : 'no decider'}`);
        console.log(`\nPortfolio at that point (outstanding grants on ${on}):`);
        console.log(`  dwellings in portfolio: ${summary.dwellingsInPortfolio} in ${summary.buildings} buildings`);
        console.log(`  by status:    ${summary.byStatus.map((s) => `${s.value} ${s.count}`).join(', ') || '-'}`);
        console.log(`  by type:      ${summary.byType.map((s) => `${s.value} ${s.count}`).join(', ') || '-'}`);
        console.log(`  by ownership: ${summary.byOwnership.map((s) => `${s.value} ${s.count}`).join(', ') || '-'}`);
        console.log(`  wheelchair accessible: ${summary.wheelchairAccessible} (${(summary.wheelchairAccessibleShare * 100).toFixed(1)} %)`);
        console.log(`  outstanding Husbanken grants: ${summary.outstandingGrants} NOK`);
      });
    });
}
