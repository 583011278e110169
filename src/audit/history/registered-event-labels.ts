import { EventLabelRegistry } from './event-label-registry.js';
import { committeeMeetingEventLabels, offerEventLabels } from './labels/allocation-event-labels.js';
import { applicationEventLabels } from './labels/application-event-labels.js';
import { dwellingEventLabels, unitClaimEventLabels } from './labels/dwelling-event-labels.js';
import { personalDataEventLabels } from './labels/personal-data-event-labels.js';
import { householdTenancyEventLabels, leaseEventLabels } from './labels/lease-event-labels.js';
import { transitionEventLabels } from './labels/ownership-event-labels.js';

/** Every feature's event labels; a new feature adds one line. */
export const eventLabels = new EventLabelRegistry()
  .register(dwellingEventLabels)
  .register(unitClaimEventLabels)
  .register(applicationEventLabels)
  .register(committeeMeetingEventLabels)
  .register(offerEventLabels)
  .register(personalDataEventLabels)
  .register(leaseEventLabels)
  .register(householdTenancyEventLabels)
  .register(transitionEventLabels);
