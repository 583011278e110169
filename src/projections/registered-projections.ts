import type { Projection } from './projection.js';
import { dwellingsProjection } from '../portfolio/dwellings.projection.js';
import { eventChainProjection } from '../audit/event-chain/event-chain.projection.js';
import { reportingFactsProjection } from '../reporting/reporting-facts.projection.js';

/** Every read model the service keeps; the composition root hands this list to the runner. */
export const registeredProjections: readonly Projection[] = [dwellingsProjection, eventChainProjection,
  reportingFactsProjection,
];
