import { addDays } from '../applications/calendar-arithmetic.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { GenerationTally } from './generation-tally.js';
import { profileByName, type GeneratorRates, type ProfileName } from './generator-profile.js';
import { MunicipalitySimulation } from './municipality-simulation.js';
import { SeededRandom } from './seeded-random.js';
import { SimulatedStreams } from './simulated-streams.js';

export interface GenerateOptions {
  profile: ProfileName;
  years: number;
  seed: string;
  /** The last year of the history (default 2025): the history runs from 1 January of endYear − years + 1. */
  endYear?: number;
  /** Streams appended at once (default 8). */
  concurrency?: number;
  /** Simulated weeks between appends (default 4): the log is ordered by month, streams interleaved within one. */
  flushEveryWeeks?: number;
  onProgress?: (progress: { week: number; weeks: number; eventsAppended: number }) => void;
  /** Rates that replace the profile's (what-if histories, e.g. more transitions to ownership). */
  rates?: Partial<GeneratorRates>;
}

export interface GenerationResult {
  profile: ProfileName;
  seed: string;
  years: number;
  from: string;
  to: string;
  municipalities: number;
  dwellingsAtStart: number;
  dwellingsAtEnd: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  counts: Record<string, number>;
}

/**
 * Writes a deterministic history through the real deciders into the event store: the opening
 * balance on 1 January of the first year, then week by week every municipality of the profile.
 */
export async function generateHistory(store: EventStore, options: GenerateOptions): Promise<GenerationResult> {
  const started = process.hrtime.bigint();
  const profile = profileByName(options.profile);
  if (!Number.isInteger(options.years) || options.years < 1 || options.years > 50) {
    throw new Error(`--years must be a whole number from 1 to 50 (got ${options.years})`);
  }
  const endYear = options.endYear ?? 2025;
  const from = `${endYear - options.years + 1}-01-01`;
  const to = `${endYear}-12-31`;
  const concurrency = options.concurrency ?? 8;
  const flushEvery = options.flushEveryWeeks ?? 4;
  const seedText = `boligbok-generator/v1/${profile.name}/${options.seed}`;
  const streams = new SimulatedStreams(seedText);
  const tally = new GenerationTally();
  const random = new SeededRandom(seedText);
  const simulations = profile.municipalities.map(
    (m) => new MunicipalitySimulation(m, { ...profile.rates, ...options.rates }, streams, random.fork(m.kommunenummer), tally),
  );
  const weeks = Math.floor((Date.parse(to) - Date.parse(from)) / (7 * 86_400_000));
  const report = (week: number) => options.onProgress?.({ week, weeks, eventsAppended: streams.eventsAppended });

  for (const s of simulations) s.openingBalance(from);
  const dwellingsAtStart = simulations.reduce((n, s) => n + s.inPortfolio(), 0);
  await streams.flush(store, concurrency);
  report(0);
  for (let week = 0; week < weeks; week++) {
    const on = addDays(from, 7 * week + 7);
    for (const s of simulations) s.step(on);
    if ((week + 1) % flushEvery === 0 || streams.pendingEvents > 200_000) {
      await streams.flush(store, concurrency);
      report(week + 1);
    }
  }
  await streams.flush(store, concurrency);
  report(weeks);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    profile: profile.name,
    seed: options.seed,
    years: options.years,
    from,
    to,
    municipalities: profile.municipalities.length,
    dwellingsAtStart,
    dwellingsAtEnd: simulations.reduce((n, s) => n + s.inPortfolio(), 0),
    events: streams.eventsAppended,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSec: Math.round(streams.eventsAppended / seconds),
    counts: tally.toJSON(),
  };
}
