import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

/**
 * Erasure with the real applications feature: an application with personal data submitted over
 * GraphQL (sealed by the applications handler), read by a caseworker (recorded) and an auditor
 * (pseudonymous), then the applicant erased. Afterwards no table, API answer or log line holds the
 * applicant's name, national id or phone, while the application, its decision and the counts stay.
 */
const APPLICANT = { name: 'Kari Testesen Åsgård', nationalId: '15888512389', phone: '+47 412 34 567' };
const MEMBER = { name: 'Ola Testesen Åsgård', nationalId: '01819045662' };
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId position } }`;
const DECIDE = `mutation ($id: ID!, $input: DecideApplicationInput!) { decideApplication(applicationId: $id, input: $input) { position } }`;
const APPLICATION = `query CaseFile($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) {
  id status kind categories decision { outcome }
  persons { personId applicant forgotten name nationalId phone email healthDetails }
  history { eventType actor reasons details } } }`;
const ERASE = `mutation ($input: EraseDataSubjectInput!) { eraseDataSubject(input: $input) { erased forced overriddenRetention } }`;

describe('erasing an applicant of a real application', () => {
  let service: TestService;
  let applicationId: string;
  let position: string;
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite', { captureLogs: true });
    const submitted = await service.graphqlAs('caseworker', SUBMIT, {
      input: {
        kind: 'NEW',
        submittedOn: '2025-01-06',
        applicant: { ...APPLICANT, healthDetails: 'rusavhengighet, i behandling' },
        members: [MEMBER],
        children: 1,
        housingSituation: 'WITHOUT_HOME',
        categories: ['SUBSTANCE_ABUSE_OR_MENTAL_ILLNESS'],
        needs: { minBedrooms: 1, preferredDistricts: ['Midtbyen'] },
        urgency: 'HIGH',
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    applicationId = submitted.body.data.submitApplication.applicationId;
    const decided = await service.graphqlAs('caseworker', DECIDE, {
      id: applicationId,
      input: { outcome: 'APPROVED', legalBasis: 'boligsosialloven § 6', reasons: 'Without a home.', decidedOn: '2025-01-15', notifiedOn: '2025-01-20' },
    });
    expect(decided.body.errors).toBeUndefined();
    position = decided.body.data.decideApplication.position;
  }, 60_000);
  afterAll(() => service?.stop());

  const read = (role: 'caseworker' | 'auditor' | 'admin' | 'allocation-committee') =>
    service.graphqlAs(role, APPLICATION, { id: applicationId, p: position }, { 'x-access-purpose': 'sak 2025/0042' });

  it('shows the persons in clear to a caseworker, recording each read, and only pseudonymous ids to an auditor', async () => {
    const caseworker = await read('caseworker');
    if (!caseworker.body.data) throw new Error(JSON.stringify(caseworker.body));
    const applicant = caseworker.body.data.application.persons.find((p: any) => p.applicant);
    expect(applicant).toMatchObject({ name: APPLICANT.name, nationalId: APPLICANT.nationalId, phone: APPLICANT.phone, forgotten: false });
    const auditor = await read('auditor');
    expect(JSON.stringify(auditor.body)).not.toMatch(/Testesen|15888512389|01819045662|412 34/);
    const pseudonymous = auditor.body.data.application.persons.find((p: any) => p.applicant);
    expect(pseudonymous).toMatchObject({ name: applicant.personId, nationalId: applicant.personId, phone: applicant.personId });
    const reads = await service.graphqlAs('auditor', 'query ($s: ID) { personalDataReads(subjectId: $s, first: 50) { totalCount edges { node { actor role operation field purpose } } } }', { s: applicant.personId });
    const fields = reads.body.data.personalDataReads.edges.map((e: any) => e.node);
    expect(fields).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'test-caseworker', role: 'caseworker', operation: 'CaseFile', field: 'ApplicationPerson.nationalId', purpose: 'sak 2025/0042' })]));
    expect(fields.every((f: any) => f.role !== 'auditor')).toBe(true);
    expect((await service.graphqlAs('property-company', APPLICATION, { id: applicationId })).body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses to erase the applicant (applications are archived permanently), then erases with force and a legal basis; nothing shows the data afterwards', async () => {
    const applicantId = (await read('caseworker')).body.data.application.persons.find((p: any) => p.applicant).personId as string;
    const refused = await service.graphql(ERASE, { input: { subjectId: applicantId } });
    expect(refused.body.errors[0].extensions.reason).toBe('RETENTION_REQUIRED');
    const countBefore = (await service.graphqlAs('admin', '{ applications(first: 10) { totalCount } }')).body.data.applications.totalCount;

    const erased = await service.graphql(ERASE, { input: { subjectId: applicantId, force: true, legalBasis: 'Datatilsynet, vedtak 25/01234' } });
    expect(erased.body.data.eraseDataSubject).toEqual({ erased: true, forced: true, overriddenRetention: ['application'] });

    const answers: string[] = [];
    for (const role of ['caseworker', 'admin', 'allocation-committee', 'auditor'] as const) answers.push(JSON.stringify((await read(role)).body));
    for (const q of ['{ applications(first: 100) { totalCount edges { node { id status } } } }', '{ waitingList(first: 100) { totalCount edges { node { position } } } }', '{ personalDataReads(first: 500) { edges { node { subjectId field } } } }']) {
      answers.push(JSON.stringify((await service.graphqlAs('admin', q)).body));
    }
    const after = JSON.parse(answers[0]!).data.application;
    // The application and its decision stay; the applicant is a pseudonymous, forgotten person; the member is untouched.
    expect(after).toMatchObject({ id: applicationId, decision: { outcome: 'APPROVED' } });
    expect(after.persons.find((p: any) => p.applicant)).toMatchObject({ personId: applicantId, forgotten: true, name: null, nationalId: null, phone: null, healthDetails: null });
    expect(after.persons.find((p: any) => !p.applicant)).toMatchObject({ name: MEMBER.name });
    expect((await service.graphqlAs('admin', '{ applications(first: 10) { totalCount } }')).body.data.applications.totalCount).toBe(countBefore);

    const dump = await dumpDatabase();
    const logs = service.logs.join('\n');
    for (const value of [APPLICANT.name, APPLICANT.nationalId, APPLICANT.phone, 'rusavhengighet']) {
      expect([value, 'database', dump.includes(value)]).toEqual([value, 'database', false]);
      expect([value, 'api', answers.join('\n').includes(value)]).toEqual([value, 'api', false]);
      expect([value, 'logs', logs.includes(value)]).toEqual([value, 'logs', false]);
    }
    expect(dump).toContain(applicantId);
  });

  async function dumpDatabase(): Promise<string> {
    const { rows } = await service.runtime.pool.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    const parts: string[] = [];
    for (const { name } of rows) parts.push(...(await service.runtime.pool.query(`SELECT t::text AS row FROM ${name} t`)).rows.map((r) => r.row as string));
    return parts.join('\n');
  }
});
