import { meetingStreamId } from '../allocations/meeting-stream.js';
import { offerStreamId } from '../allocations/offer-stream.js';
import { applicationStreamId } from '../applications/application-stream.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';

/** The streams the generated history is written to: the same as the service's own handlers use. */
export const GENERATOR_STREAMS = {
  dwelling: dwellingStreamId,
  application: applicationStreamId,
  meeting: meetingStreamId,
  offer: offerStreamId,
};
