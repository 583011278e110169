import { dwellingStreamId } from '../portfolio/dwelling-stream.js';

/**
 * The streams the generated history is written to. Dwellings use the portfolio's own stream name;
 * applications, committee meetings and offers follow the same `<category>-<id>` pattern (the
 * category is the part before the first '-').
 */
export const GENERATOR_STREAMS = {
  dwelling: dwellingStreamId,
  application: (applicationId: string) => `application-${applicationId}`,
  meeting: (meetingId: string) => `committeemeeting-${meetingId}`,
  offer: (offerId: string) => `offer-${offerId}`,
};
