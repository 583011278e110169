import type { Logger } from '../observability/logger.js';
import type { Runtime } from '../runtime/runtime.js';
import { generateHistory } from './generate-history.js';

export const DEMO_PROFILE = 'kristiansund';
export const DEMO_SEED = 'demo';

/**
 * `npm start -- --demo`: an empty database gets the Kristiansund profile (DEMO_YEARS years,
 * default 3) before the service starts serving, so a newcomer can query real-looking data at once.
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
  runtime.runner.nudge();
  logger.info(
    { events: result.events, dwellings: result.dwellingsAtEnd, seconds: result.seconds },
    `demo: ${result.events} events written (${result.dwellingsAtEnd} dwellings); read models are catching up`,
  );
}
