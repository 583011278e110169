import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { startServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NATIONAL_ID = '15888512389';
const MEMBER_ID = '01819045662';

describe('personal data of an application never reaches a log line (pglite, logging at trace)', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let app: INestApplication;
  let url: string;
  const lines: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('pglite', 2);
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'trace', PROJECTION_POLL_INTERVAL_MS: '20', NODE_ENV: 'test' });
    runtime = await openRuntime(config, createLogger('trace', capture));
    app = await startServer(runtime, 0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
    await db.drop();
  });

  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
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
    for (const response of [wrong, duplicate, badChildren]) {
      for (const secret of ['15888512388', NATIONAL_ID, MEMBER_ID, 'Testperson']) expect(JSON.stringify(response)).not.toContain(secret);
    }
    const application = await graphql(`query ($id: ID!, $p: LogPosition) { application(id: $id, atLeast: $p) { persons { name } } }`, {
      id: ok.data.submitApplication.applicationId,
      p: ok.data.submitApplication.position,
    });
    expect(application.data.application.persons.map((p: { name: string }) => p.name)).toEqual(['Testperson Loggsjekk', 'Testperson Barn']);

    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join('');
    for (const secret of [NATIONAL_ID, MEMBER_ID, '15888512388', 'Testperson', 'test@example.invalid']) expect(log).not.toContain(secret);
  });
});
