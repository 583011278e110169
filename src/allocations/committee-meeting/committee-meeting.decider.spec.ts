import { deciderSpecification } from '../../../test/support/decider-specification.js';
import { replay } from '../../shared-kernel/decider.js';
import { meetingSnapshot } from '../meeting-snapshot.js';
import type { CloseMeeting, ConveneMeeting, RecordCommitteeDecision } from './committee-meeting.commands.js';
import { committeeMeetingDecider } from './committee-meeting.decider.js';
import type { CommitteeMeetingEvent } from './committee-meeting.events.js';

const spec = deciderSpecification(committeeMeetingDecider);
const meetingId = 'meeting-2025-04';
const actor = 'committee-secretary';
const members = ['housing-office', 'nav', 'health-and-care', 'person-91'];

const convened: CommitteeMeetingEvent = { type: 'MeetingConvened', data: { meetingId, heldOn: '2025-04-01', members, actor } };
const offerDecision: CommitteeMeetingEvent = {
  type: 'CommitteeDecisionRecorded',
  data: { meetingId, decision: { kind: 'offer', offerId: 'offer-1', applicationId: 'application-1', dwellingId: 'dwelling-9' }, actor },
};
const closed: CommitteeMeetingEvent = { type: 'MeetingClosed', data: { meetingId, closedOn: '2025-04-01', decisions: 1, actor } };

const convene = (change: Partial<ConveneMeeting> = {}): ConveneMeeting => ({
  type: 'ConveneMeeting',
  meetingId,
  actor,
  heldOn: '2025-04-01',
  members,
  minimumMembers: 3,
  ...change,
});
const record = (decision: RecordCommitteeDecision['decision']): RecordCommitteeDecision => ({ type: 'RecordCommitteeDecision', meetingId, actor, decision });
const close = (change: Partial<CloseMeeting> = {}): CloseMeeting => ({ type: 'CloseMeeting', meetingId, actor, closedOn: '2025-04-01', ...change });

describe('ConveneMeeting', () => {
  it('records the date and the members', () => spec.given().when(convene()).then(convened));

  it('refuses fewer members than the configured minimum of an interdisciplinary committee', () =>
    spec.given().when(convene({ members: ['housing-office', 'nav'] })).thenThrows('TOO_FEW_MEMBERS', 'members'));

  it('refuses a member named twice', () =>
    spec.given().when(convene({ members: ['nav', 'housing-office', 'nav'] })).thenThrows('DUPLICATE_MEMBER', 'members[2]'));

  it('refuses convening the same meeting twice', () => spec.given(convened).when(convene()).thenThrows('MEETING_EXISTS'));
});

describe('RecordCommitteeDecision', () => {
  it('lists an offer among the decisions', () =>
    spec.given(convened).when(record({ kind: 'offer', offerId: 'offer-1', applicationId: 'application-1', dwellingId: 'dwelling-9' })).then(offerDecision));

  it('records why a household considered got no offer', () =>
    spec
      .given(convened)
      .when(record({ kind: 'no-offer', applicationId: 'application-2', dwellingId: 'dwelling-9', reasons: 'Needs a dwelling with staff on site.' }))
      .thenMatches({ type: 'CommitteeDecisionRecorded', data: { decision: { kind: 'no-offer', reasons: 'Needs a dwelling with staff on site.' } } }));

  it('requires the reasons for no offer', () =>
    spec.given(convened).when(record({ kind: 'no-offer', applicationId: 'application-2', dwellingId: null, reasons: '' })).thenThrows('REASONS_REQUIRED', 'decision.reasons'));

  it('records nothing when the same offer is listed again', () =>
    spec.given(convened, offerDecision).when(record({ kind: 'offer', offerId: 'offer-1', applicationId: 'application-1', dwellingId: 'dwelling-9' })).then());

  it('refuses a decision in a closed meeting', () =>
    spec.given(convened, closed).when(record({ kind: 'offer', offerId: 'offer-2', applicationId: 'application-3', dwellingId: 'dwelling-4' })).thenThrows('MEETING_CLOSED'));

  it('refuses a decision in a meeting never convened', () =>
    spec.given().when(record({ kind: 'offer', offerId: 'offer-2', applicationId: 'application-3', dwellingId: 'dwelling-4' })).thenThrows('MEETING_NOT_FOUND'));
});

describe('CloseMeeting', () => {
  it('closes the minutes with the number of decisions', () => spec.given(convened, offerDecision).when(close()).then(closed));

  it('refuses closing before the meeting was held', () => spec.given(convened).when(close({ closedOn: '2025-03-31' })).thenThrows('DATE_OUT_OF_ORDER', 'closedOn'));

  it('refuses closing twice', () => spec.given(convened, closed).when(close()).thenThrows('MEETING_CLOSED'));

  it('gives the offer what it needs to know: the meeting is closed', () =>
    expect(meetingSnapshot(replay(committeeMeetingDecider, [convened, closed]))).toEqual({ meetingId, heldOn: '2025-04-01', status: 'closed' }));
});
