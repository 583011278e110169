import type { Projection } from './projection.js';
import { dwellingsProjection } from '../portfolio/dwellings.projection.js';
import { eventChainProjection } from '../audit/event-chain/event-chain.projection.js';
import { applicationsProjection } from '../applications/applications.projection.js';
import { allocationsProjection } from '../allocations/allocations.projection.js';
import { dataSubjectRecordsProjection } from '../personal-data/data-subject-records.projection.js';
import { leasesProjection } from '../leases/leases.projection.js';
import { transitionsProjection } from '../ownership/transitions.projection.js';

/** Every read model the service keeps; the composition root hands this list to the runner. */
export const registeredProjections: readonly Projection[] = [
  dwellingsProjection,
  eventChainProjection,
  applicationsProjection,
  allocationsProjection,
  dataSubjectRecordsProjection,
  leasesProjection,
  transitionsProjection,
];
