import { committeeMeetingDecider } from '../../allocations/committee-meeting/committee-meeting.decider.js';
import { offerDecider } from '../../allocations/offer/offer.decider.js';
import { applicationDecider } from '../../applications/application/application.decider.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import { unitClaimDecider } from '../../portfolio/unit-claim/unit-claim.decider.js';
import { dataSubjectDecider } from '../../personal-data/data-subject/data-subject.decider.js';
import { householdTenancyDecider } from '../../leases/household-tenancy/household-tenancy.decider.js';
import { leaseDecider } from '../../leases/lease/lease.decider.js';
import { transitionDecider } from '../../ownership/transition/transition.decider.js';
import type { Decider } from '../../shared-kernel/decider.js';
import type { DomainEvent } from '../../shared-kernel/domain-event.js';

/** What a replay needs of an aggregate: how to fold its stream. */
export type StreamFold = Pick<Decider<unknown, DomainEvent, unknown>, 'evolve' | 'initialState'>;

/**
 * Stream category (the part of the stream id before the first '-') → the decider whose `evolve`
 * folds that stream (dwelling-stream.ts, unit-claim/dwelling-unit.ts, application-stream.ts, offer-stream.ts, meeting-stream.ts,
 * data-subject.decider.ts, lease-stream.ts, household-tenancy-stream.ts, transition-stream.ts name the streams). A feature adds a line here.
 */
export const streamDeciders: ReadonlyMap<string, StreamFold> = new Map<string, StreamFold>([
  ['dwelling', dwellingDecider as unknown as StreamFold],
  ['dwellingunit', unitClaimDecider as unknown as StreamFold],
  ['application', applicationDecider as unknown as StreamFold],
  ['offer', offerDecider as unknown as StreamFold],
  ['meeting', committeeMeetingDecider as unknown as StreamFold],
  ['datasubject', dataSubjectDecider as unknown as StreamFold],
  ['lease', leaseDecider as unknown as StreamFold],
  ['household', householdTenancyDecider as unknown as StreamFold],
  ['transition', transitionDecider as unknown as StreamFold],
]);
