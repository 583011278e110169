import type { Logger } from '../observability/logger.js';
import type { Runtime } from '../runtime/runtime.js';
import { generateHistory } from './generate-history.js';

export const DEMO_PROFILE = 'kristiansund';
export const DEMO_SEED = 'demo';

/**
 * `npm start -- --demo`: an empty database gets the Kristiansund profile (DEMO_YEARS years,
 * default 3) and its read models are built before the service starts serving, so a newcomer can
 * query real-looking data at once.
 * A database that already has events is left as it is.
 */
export async function loadDemoData(runtime: Runtime, logger: Logger, years = Number(process.env.DEMO_YEARS ?? 3)): Promise<void> {
  if ((await runtime.store.headPosition()) > 0n) {
    logger.info('demo: the database already has events; nothing generated');
    return;
  }
  logger.info({ profile: DEMO_PROFILE, years, seed: DEMO_SEED }, `demo: generating ${years} years of ${DEMO_PROFILE} (about a minute on the embedded database)`);
  let lastLogged = -1;
  const result = await generateHistory(runtime.store, {
    profile: DEMO_PROFILE,
    years,
    seed: DEMO_SEED,
    onProgress: ({ week, weeks, eventsAppended }) => {
      const quarter = Math.floor((week / Math.max(1, weeks)) * 4);
      if (quarter > lastLogged) {
        lastLogged = quarter;
        logger.info({ week, weeks, events: eventsAppended }, `demo: generated ${Math.round((week / Math.max(1, weeks)) * 100)} %`);
      }
    },
  });
  logger.info(
    { events: result.events, dwellings: result.dwellingsAtEnd, seconds: result.seconds },
    `demo: ${result.events} events written (${result.dwellingsAtEnd} dwellings); building the read models before serving`,
  );
  // The read models are built before the service answers, so the first query already sees the data.
  const { rows } = await runtime.pool.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events');
  await runtime.runner.start();
  try {
    await runtime.runner.waitForPosition(BigInt(rows[0]!.p ?? '0'), 30 * 60 * 1000);
  } finally {
    await runtime.runner.stop();
  }
  logger.info('demo: read models ready');
}
