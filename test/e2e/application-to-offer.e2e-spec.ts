import { startTestService, type TestService } from '../support/test-service.js';
import { testDatabaseKinds } from '../support/test-database.js';
import { dwellingInput } from '../support/dwelling-input.js';

/** Synthetic national ids (month + 80), valid check digits, nobody's real number. */
const APPLICANT_NATIONAL_ID = '15888512389';
const MEMBER_NATIONAL_ID = '01819045662';

const dwelling = (unit: string, overrides: Record<string, unknown> = {}) => dwellingInput({ bruksenhetsnummer: unit, ...overrides });

const ACQUIRE = `mutation ($input: AcquireDwellingInput!) { acquireDwelling(input: $input) { dwellingId position } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId revision position changed } }`;
const DECIDE = `mutation ($id: ID!, $input: DecideApplicationInput!) { decideApplication(applicationId: $id, input: $input) { position } }`;
const CONVENE = `mutation ($input: ConveneCommitteeMeetingInput!) { conveneCommitteeMeeting(input: $input) { id position } }`;
const OFFER = `mutation ($input: OfferDwellingInput!) { offerDwelling(input: $input) { id position } }`;
const APPLICATION = `query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) {
  id status kind householdSize children categories waitingSince approvedOn offerAcceptedOn waitingDays currentOfferId offersDeclined
  decision { outcome decidedOn notifiedOn appealDeadline }
  persons { personId applicant forgotten name nationalId }
  history { eventType on actor legalBasis reasons } } }`;

const application = (overrides: Record<string, unknown> = {}) => ({
  kind: 'NEW',
  submittedOn: '2025-01-06',
  applicant: { name: 'Testperson Søker', nationalId: APPLICANT_NATIONAL_ID, phone: '+47 400 00 000' },
  members: [{ name: 'Testperson Barn', nationalId: MEMBER_NATIONAL_ID }],
  children: 1,
  housingSituation: 'WITHOUT_HOME',
  categories: ['SUBSTANCE_ABUSE_OR_MENTAL_ILLNESS'],
  needs: { minBedrooms: 1, preferredDistricts: ['Midtbyen'] },
  urgency: 'HIGH',
  ...overrides,
});

const approval = {
  outcome: 'APPROVED',
  legalBasis: 'boligsosialloven § 6; tildelingsforskriften § 3',
  reasons: 'The household is without a home and meets the criteria of § 3.',
  decidedOn: '2025-01-15',
  notifiedOn: '2025-01-20',
};

for (const kind of testDatabaseKinds()) {
  describe(`from application to accepted offer over GraphQL (${kind})`, () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(kind);
    });
    afterAll(() => service.stop());

    const ok = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await service.graphql(query, variables);
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };
    const refused = async (query: string, variables: Record<string, unknown>) => {
      const r = await service.graphql(query, variables);
      expect(r.body.errors).toBeDefined();
      return r.body.errors[0] as { message: string; extensions: { code: string; reason: string; field?: string } };
    };
    const acquire = async (unit: string, overrides: Record<string, unknown> = {}) =>
      (await ok(ACQUIRE, { input: { description: dwelling(unit, overrides), method: 'PURCHASE', acquiredOn: '2024-01-10', price: 2_500_000, financing: { husbankenLoan: 2_000_000, ownFunds: 500_000 } } }))
        .acquireDwelling.dwellingId as string;
    const submitApproved = async (overrides: Record<string, unknown> = {}) => {
      const id = (await ok(SUBMIT, { input: application(overrides) })).submitApplication.applicationId as string;
      const decided = await ok(DECIDE, { id, input: approval });
      return { id, position: decided.decideApplication.position as string };
    };

    it('runs an application through approval, the waiting list, a committee meeting and an accepted offer, refusing what breaks the rules', async () => {
      // A building of 4 dwellings; the default cap lets at most 25 % (1 of 4) to households with substance abuse / mental illness.
      const [d1, d2, d3] = [await acquire('H0101'), await acquire('H0102'), await acquire('H0103')];
      const d4 = await acquire('H0201', { floor: 2 });

      // Application: the national ids are checked, sealed per person, and never recorded in clear.
      const submitted = await ok(SUBMIT, { input: application() });
      const a1 = submitted.submitApplication.applicationId as string;
      expect(submitted.submitApplication.changed).toBe(true);
      let app = (await ok(APPLICATION, { id: a1, p: submitted.submitApplication.position })).application;
      expect(app).toMatchObject({ status: 'SUBMITTED', kind: 'NEW', householdSize: 2, children: 1, categories: ['SUBSTANCE_ABUSE_OR_MENTAL_ILLNESS'] });
      expect(app.persons).toMatchObject([
        { applicant: true, forgotten: false, name: 'Testperson Søker', nationalId: APPLICANT_NATIONAL_ID },
        { applicant: false, forgotten: false, name: 'Testperson Barn', nationalId: MEMBER_NATIONAL_ID },
      ]);

      // Roles without access to personal data see the pseudonymous id instead; the reporting jobs may not read applications.
      const asAuditor = (await service.graphqlAs('auditor', `query ($id: ID!) { application(id: $id) { persons { personId name nationalId } } }`, { id: a1 })).body.data.application;
      for (const p of asAuditor.persons) expect(p).toEqual({ personId: p.personId, name: p.personId, nationalId: p.personId });
      const asReporting = await service.graphqlAs('reporting', `query ($id: ID!) { application(id: $id) { id } }`, { id: a1 });
      expect(asReporting.body.errors[0].extensions.code).toBe('FORBIDDEN');

      // A national id with a wrong check digit is refused, naming the field, never the number.
      const wrongId = `${APPLICANT_NATIONAL_ID.slice(0, 10)}${(Number(APPLICANT_NATIONAL_ID[10]) + 1) % 10}`;
      const invalid = await refused(SUBMIT, { input: application({ applicant: { name: 'Testperson', nationalId: wrongId } }) });
      expect(invalid.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_NATIONAL_ID', field: 'input.applicant.nationalId' });
      expect(JSON.stringify(invalid)).not.toContain(wrongId);

      // The decision: reasons required (§ 24); the appeal deadline is 3 weeks from notification (§ 29).
      const noReasons = await refused(DECIDE, { id: a1, input: { ...approval, reasons: ' ' } });
      expect(noReasons.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASONS_REQUIRED', field: 'reasons' });
      const decided = await ok(DECIDE, { id: a1, input: approval });
      app = (await ok(APPLICATION, { id: a1, p: decided.decideApplication.position })).application;
      expect(app.decision).toEqual({ outcome: 'APPROVED', decidedOn: '2025-01-15', notifiedOn: '2025-01-20', appealDeadline: '2025-02-10' });
      expect(app).toMatchObject({ status: 'APPROVED', approvedOn: '2025-01-15', waitingSince: '2025-01-15' });

      // A second household, acute, and a third still undecided.
      const a2 = await submitApproved({ urgency: 'ACUTE', categories: [], applicant: { name: 'Testperson To', nationalId: null }, members: [], children: 0 });
      const a3 = (await ok(SUBMIT, { input: application({ applicant: { name: 'Testperson Tre' }, members: [], children: 0 }) })).submitApplication.applicationId;

      // The waiting list: the acute household first, each with its place and why.
      const list = (await ok(`query ($p: LogPosition) { waitingList(atLeast: $p) { totalCount rules edges { node { position reason application { id } } } } }`, { p: a2.position })).waitingList;
      expect(list.rules).toEqual(['urgency', 'waitingSince']);
      expect(list.edges.map((e: { node: { application: { id: string } } }) => e.node.application.id)).toEqual([a2.id, a1]);
      expect(list.edges[1].node).toMatchObject({ position: 2, reason: '2nd: urgency high; on the list since 2025-01-15 (after 1 household with acute urgency)' });

      // The committee meets.
      const meeting = (await ok(CONVENE, { input: { heldOn: '2025-03-03', members: ['housing-office', 'nav', 'health-and-care'] } })).conveneCommitteeMeeting.id;
      const tooFew = await refused(CONVENE, { input: { heldOn: '2025-03-03', members: ['nav'] } });
      expect(tooFew.extensions).toMatchObject({ reason: 'TOO_FEW_MEMBERS', field: 'members' });
      const offerInput = (applicationId: string, dwellingId: string, more: Record<string, unknown> = {}) => ({
        input: { meetingId: meeting, applicationId, dwellingId, offeredOn: '2025-03-04', legalBasis: 'tildelingsforskriften § 5', reasons: 'First on the list that fits.', ...more },
      });

      // Refused: not approved; does not fit; dwelling not available.
      expect((await refused(OFFER, offerInput(a3, d1))).extensions).toMatchObject({ code: 'CONFLICT', reason: 'APPLICATION_NOT_APPROVED' });
      const wheelchair = await submitApproved({ categories: [], needs: { minBedrooms: 1, wheelchairAccessible: true }, applicant: { name: 'Testperson Fire' }, members: [], children: 0 });
      expect((await refused(OFFER, offerInput(wheelchair.id, d1))).extensions).toMatchObject({ code: 'CONFLICT', reason: 'DWELLING_DOES_NOT_FIT' });

      // The offer: reserves the dwelling, takes the household off the list, is listed in the minutes.
      const offered = await ok(OFFER, offerInput(a1, d1));
      const o1 = offered.offerDwelling.id as string;
      const offer = (await ok(`query ($id: ID!, $p: LogPosition) { offer(id: $id, atLeast: $p) { status answerBy listPosition listReason fit { requiredBedrooms } concentration { scope dwellings before after maxPercent exceeded } overrideJustification } }`, { id: o1, p: offered.offerDwelling.position })).offer;
      expect(offer).toMatchObject({ status: 'MADE', answerBy: '2025-03-11', listPosition: 2, fit: { requiredBedrooms: 2 } });
      expect(offer.concentration).toContainEqual({ scope: 'BUILDING', dwellings: 4, before: 0, after: 1, maxPercent: 25, exceeded: false });
      const dwellingStatus = async (id: string, p: string) => (await ok(`query ($id: ID!, $p: LogPosition) { dwelling(id: $id, atLeast: $p) { status } }`, { id, p })).dwelling.status;
      expect(await dwellingStatus(d1, offered.offerDwelling.position)).toBe('RESERVED');
      expect((await refused(OFFER, offerInput(a2.id, d1))).extensions).toMatchObject({ code: 'CONFLICT', reason: 'DWELLING_NOT_AVAILABLE' });
      expect((await refused(OFFER, offerInput(a1, d2))).extensions).toMatchObject({ code: 'CONFLICT', reason: 'APPLICATION_NOT_APPROVED' });

      // Re-sending the same offer writes nothing twice.
      const again = await ok(OFFER, offerInput(a1, d1, { offerId: o1 }));
      expect(again.offerDwelling.id).toBe(o1);

      // Accepted: the waiting time is recorded; the leases take over from OfferAccepted.
      const accepted = await ok(`mutation ($id: ID!) { acceptOffer(offerId: $id, acceptedOn: "2025-03-07") { position } }`, { id: o1 });
      app = (await ok(APPLICATION, { id: a1, p: accepted.acceptOffer.position })).application;
      expect(app).toMatchObject({ offerAcceptedOn: '2025-03-07', waitingDays: 51, currentOfferId: o1 });
      expect(app.history.map((h: { eventType: string }) => h.eventType)).toEqual(['ApplicationSubmitted', 'ApplicationDecided', 'ApplicationOffered', 'OfferAccepted']);
      expect(app.history[1]).toMatchObject({ legalBasis: approval.legalBasis, reasons: approval.reasons, actor: 'test-admin' });

      // The concentration cap: a second household in the capped category in the same building breaks it…
      const a5 = await submitApproved({ applicant: { name: 'Testperson Fem' }, members: [], children: 0 });
      const capped = await refused(OFFER, offerInput(a5.id, d2));
      expect(capped.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONCENTRATION_CAP_EXCEEDED', field: 'concentrationOverride' });
      expect(capped.message).toContain('2 of 4 dwellings (50 %)');
      // …unless the committee overrides it with a justification, which audits and reports see.
      const overridden = await ok(OFFER, offerInput(a5.id, d2, { concentrationOverrideJustification: 'Staff on site from May; the only dwelling near the treatment centre.' }));
      const overrides = (await ok(`query ($p: LogPosition) { offers(filter: { overriddenOnly: true }, atLeast: $p) { totalCount edges { node { id overrideJustification overrideScopes } } } }`, { p: overridden.offerDwelling.position })).offers;
      expect(overrides.totalCount).toBe(1);
      expect(overrides.edges[0].node).toMatchObject({ id: overridden.offerDwelling.id, overrideScopes: ['BUILDING'] });

      // A declined offer frees the dwelling and returns the household to the list.
      const o3 = (await ok(OFFER, offerInput(a2.id, d3))).offerDwelling.id;
      const declined = await ok(`mutation ($id: ID!) { declineOffer(offerId: $id, declinedOn: "2025-03-06", reason: "Too far from school.") { position } }`, { id: o3 });
      expect(await dwellingStatus(d3, declined.declineOffer.position)).toBe('AVAILABLE');
      const back = (await ok(APPLICATION, { id: a2.id, p: declined.declineOffer.position })).application;
      expect(back).toMatchObject({ status: 'APPROVED', offersDeclined: 1, waitingSince: '2025-01-15', currentOfferId: null });

      // An unanswered offer expires when time is brought in from outside.
      const o4 = (await ok(OFFER, offerInput(a2.id, d4, { offeredOn: '2025-03-06', answerBy: '2025-03-10' }))).offerDwelling.id;
      const early = (await ok(`mutation { expireOffers(asOf: "2025-03-10") { expired position } }`)).expireOffers;
      expect(early.expired).toEqual([]);
      const expired = (await ok(`mutation { expireOffers(asOf: "2025-03-11") { expired position } }`)).expireOffers;
      expect(expired.expired).toEqual([o4]);
      expect(await dwellingStatus(d4, expired.position)).toBe('AVAILABLE');

      // The meeting's minutes list its offers.
      const minutes = (await ok(`query ($id: ID!, $p: LogPosition) { committeeMeeting(id: $id, atLeast: $p) { open decisions { kind applicationId } offers { id status } } }`, { id: meeting, p: expired.position })).committeeMeeting;
      expect(minutes.decisions).toHaveLength(4);
      expect(minutes.offers.map((o: { status: string }) => o.status).sort()).toEqual(['ACCEPTED', 'DECLINED', 'EXPIRED', 'MADE']);

      // Filters: status, category, area.
      const inCategory = (await ok(`query ($p: LogPosition) { applications(filter: { category: SUBSTANCE_ABUSE_OR_MENTAL_ILLNESS, area: "Midtbyen" }, atLeast: $p) { totalCount } }`, { p: expired.position })).applications;
      expect(inCategory.totalCount).toBe(3);
      const approvedNow = (await ok(`{ applications(filter: { status: APPROVED }) { edges { node { id } } } }`)).applications;
      expect(approvedNow.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([a2.id, wheelchair.id].sort());

      // No national id anywhere in the event log or the read models.
      const events: string[] = [];
      for await (const e of service.runtime.store.readAll()) events.push(JSON.stringify({ data: e.data, metadata: e.metadata }));
      const log = events.join('\n');
      expect(log).toContain('pd1.');
      for (const secret of [APPLICANT_NATIONAL_ID, MEMBER_NATIONAL_ID, 'Testperson', '+47 400']) expect(log).not.toContain(secret);
      const tables = await service.runtime.pool.query(`SELECT row_to_json(a)::text AS row FROM applications a UNION ALL SELECT row_to_json(h)::text FROM application_history h`);
      for (const r of tables.rows as Array<{ row: string }>) for (const secret of [APPLICANT_NATIONAL_ID, MEMBER_NATIONAL_ID, 'Testperson']) expect(r.row).not.toContain(secret);
    });

    it('records a late appeal and its reversal, expiry and renewal of approvals, withdrawal, and a closed meeting', async () => {
      const rejection = { ...approval, outcome: 'REJECTED', reasons: 'The household can rent privately with housing allowance.' };
      const id = (await ok(SUBMIT, { input: application({ applicant: { name: 'Testperson Klage' }, members: [], children: 0 }) })).submitApplication.applicationId;
      await ok(DECIDE, { id, input: rejection });
      const late = await ok(`mutation ($id: ID!) { receiveAppeal(applicationId: $id, receivedOn: "2025-02-11") { position } }`, { id });
      let app = (await ok(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status appeal { receivedOn lodgedInTime outcome } } }`, { id, p: late.receiveAppeal.position })).application;
      expect(app).toEqual({ status: 'APPEALED', appeal: { receivedOn: '2025-02-11', lodgedInTime: false, outcome: null } });
      const reversed = await ok(`mutation ($id: ID!, $input: DecideAppealInput!) { decideAppeal(applicationId: $id, input: $input) { position } }`, {
        id,
        input: { outcome: 'REVERSED', legalBasis: 'boligsosialloven § 6', reasons: 'The private market is not open to the household.', decidedOn: '2025-03-03', notifiedOn: '2025-03-04' },
      });
      app = (await ok(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status approvedOn waitingSince validityMonths approvalLapsesOn appeal { outcome } history { eventType reasons } } }`, { id, p: reversed.decideAppeal.position })).application;
      expect(app).toMatchObject({ status: 'APPROVED', approvedOn: '2025-03-03', waitingSince: '2025-03-03', validityMonths: 12, approvalLapsesOn: '2026-03-03', appeal: { outcome: 'REVERSED' } });
      expect(app.history.map((h: { eventType: string }) => h.eventType)).toEqual(['ApplicationSubmitted', 'ApplicationDecided', 'AppealReceived', 'AppealDecided']);
      const again = await refused(`mutation ($id: ID!) { receiveAppeal(applicationId: $id, receivedOn: "2025-03-10") { position } }`, { id });
      expect(again.extensions).toMatchObject({ code: 'CONFLICT', reason: 'APPEAL_ALREADY_DECIDED' });

      // Lapsed by the calendar 12 months after approval (2026-03-03), before any job has recorded it:
      // no offer, no withdrawal. The job, run days late, dates the expiry the day it lapsed.
      const notYet = (await ok(`mutation { expireApprovals(asOf: "2026-03-02") { expired } }`)).expireApprovals;
      expect(notYet.expired).not.toContain(id);
      const lapsed = await refused(`mutation ($id: ID!) { withdrawApplication(applicationId: $id, withdrawnOn: "2026-03-05") { position } }`, { id });
      expect(lapsed.extensions).toMatchObject({ code: 'CONFLICT', reason: 'APPROVAL_LAPSED', field: 'withdrawnOn' });
      const expired = (await ok(`mutation { expireApprovals(asOf: "2026-03-09") { expired position } }`)).expireApprovals;
      expect(expired.expired).toContain(id);
      app = (await ok(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status closedOn } }`, { id, p: expired.position })).application;
      expect(app).toEqual({ status: 'EXPIRED', closedOn: '2026-03-03' });
      expect((await ok(`query ($id: ID!) { application(id: $id) { approvalLapsesOn } }`, { id })).application.approvalLapsesOn).toBeNull();
      const renewed = await ok(`mutation ($id: ID!) { renewApproval(applicationId: $id, renewedOn: "2026-03-10", reasons: "Still without a home.") { position } }`, { id });
      app = (await ok(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status waitingSince validFrom approvalLapsesOn } }`, { id, p: renewed.renewApproval.position })).application;
      expect(app).toEqual({ status: 'APPROVED', waitingSince: '2026-03-10', validFrom: '2026-03-10', approvalLapsesOn: '2027-03-10' });

      // A closed meeting takes no more offers; a decision without an offer is recorded with its reasons.
      const d = await acquire('H0301', { matrikkel: { kommunenummer: '5001', gardsnummer: 401, bruksnummer: 1 } });
      const meeting = (await ok(CONVENE, { input: { heldOn: '2026-04-01', members: ['housing-office', 'nav', 'health-and-care'] } })).conveneCommitteeMeeting.id;
      await ok(`mutation ($m: ID!, $a: ID!, $d: ID) { recordNoOfferDecision(meetingId: $m, applicationId: $a, dwellingId: $d, reasons: "Needs staff on site.") { position } }`, { m: meeting, a: id, d });
      await ok(`mutation ($m: ID!) { closeCommitteeMeeting(meetingId: $m, closedOn: "2026-04-01") { position } }`, { m: meeting });
      const closed = await refused(OFFER, { input: { meetingId: meeting, applicationId: id, dwellingId: d, offeredOn: '2026-04-02', legalBasis: 'x § 1', reasons: 'Fits.' } });
      expect(closed.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_NOT_OPEN' });
      const minutes = (await ok(`query ($id: ID!) { committeeMeeting(id: $id) { open decisions { kind reasons } } }`, { id: meeting })).committeeMeeting;
      expect(minutes).toEqual({ open: false, decisions: [{ kind: 'NO_OFFER', reasons: 'Needs staff on site.' }] });

      const withdrawn = await ok(`mutation ($id: ID!) { withdrawApplication(applicationId: $id, withdrawnOn: "2026-05-01", reason: "Moved away.") { position } }`, { id });
      app = (await ok(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { status } }`, { id, p: withdrawn.withdrawApplication.position })).application;
      expect(app.status).toBe('WITHDRAWN');
      const unknown = await refused(`query { application(id: "not-a-uuid") { id } }`, {});
      expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });
  });
}
