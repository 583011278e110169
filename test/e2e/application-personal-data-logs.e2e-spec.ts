import { startTestService, type TestService } from '../support/test-service.js';

const NATIONAL_ID = '15888512389';
const MEMBER_ID = '01819045662';

describe('personal data of an application never reaches a log line (pglite)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('pglite', { captureLogs: true, role: 'caseworker' });
  });
  afterAll(() => service.stop());

  const graphql = async (query: string, variables: Record<string, unknown>) => (await service.graphql(query, variables)).body;
  const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicationId position } }`;
  const input = (applicantNationalId: string, change: Record<string, unknown> = {}) => ({
    kind: 'NEW',
    submittedOn: '2025-01-06',
    applicant: { name: 'Testperson Loggsjekk', nationalId: applicantNationalId, email: 'test@example.invalid' },
    members: [{ name: 'Testperson Barn', nationalId: MEMBER_ID }],
    children: 1,
    housingSituation: 'WITHOUT_HOME',
    needs: { minBedrooms: 1 },
    ...change,
  });

  it('submits, refuses a wrong check digit, a duplicate id and a bad field, and logs none of the persons data', async () => {
    const ok = await graphql(SUBMIT, { input: input(NATIONAL_ID) });
    expect(ok.errors).toBeUndefined();
    const wrong = await graphql(SUBMIT, { input: input('15888512388') });
    expect(wrong.errors?.[0].extensions).toMatchObject({ reason: 'INVALID_NATIONAL_ID', field: 'input.applicant.nationalId' });
    const duplicate = await graphql(SUBMIT, { input: input(MEMBER_ID) });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ reason: 'DUPLICATE_NATIONAL_ID', field: 'input.members[0].nationalId' });
    const badChildren = await graphql(SUBMIT, { input: input(NATIONAL_ID, { children: 5 }) });
    expect(badChildren.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.children' });
    const head = (await graphql('{ logHead }', {})).data.logHead;
    const badEmail = await graphql(SUBMIT, { input: input(NATIONAL_ID, { applicant: { name: 'Testperson Loggsjekk', nationalId: NATIONAL_ID, email: 'notanemail' } }) });
    expect(badEmail.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_EMAIL', field: 'input.applicant.email' });
    expect(badEmail.errors?.[0].message).toBe('input.applicant.email: must be a plausible e-mail address: something@domain.tld, without spaces');
    expect((await graphql('{ logHead }', {})).data.logHead).toBe(head);
    for (const response of [wrong, duplicate, badChildren, badEmail]) {
      for (const secret of ['15888512388', NATIONAL_ID, MEMBER_ID, 'Testperson', 'notanemail']) expect(JSON.stringify(response)).not.toContain(secret);
    }
    // A caseworker reads the names (the read is recorded by the access layer).
    const application = await graphql(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { persons { name } } }`, {
      id: ok.data.submitApplication.applicationId,
      p: ok.data.submitApplication.position,
    });
    expect(application.data.application.persons.map((p: { name: string }) => p.name)).toEqual(['Testperson Loggsjekk', 'Testperson Barn']);

    expect(service.logs.length).toBeGreaterThan(0);
    const log = service.logs.join('\n');
    for (const secret of [NATIONAL_ID, MEMBER_ID, '15888512388', 'Testperson', 'test@example.invalid']) expect(log).not.toContain(secret);
  });
});
