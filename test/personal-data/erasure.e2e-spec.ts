import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { accessServices } from '../../src/access/access-services.js';
import { toNewEvents } from '../../src/event-store/event-envelope.js';
import { packageRoot } from '../../src/package-root.js';
import { PersonalDataVault } from '../../src/personal-data/personal-data-vault.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

/**
 * Erasure by crypto-shredding, end to end on the running service. Personal data is written the way
 * a feature writes it: sealed with the vault into events (an application stream, a lease stream) and
 * into a read table.
 * It covers retention rules the applications feature does not reach (leases); the same grep with a
 * real application submitted over GraphQL is erasure-applications.e2e-spec.ts.
 */
const ERASE = `mutation ($input: EraseDataSubjectInput!) { eraseDataSubject(input: $input) { subjectId erased forced overriddenRetention position } }`;

const KARI = { fullName: 'Kari Nordmann', nationalId: '15058512345', phone: '+47 41234567', healthCategories: ['substance-abuse', 'mental-illness'] };
const OLA = { fullName: 'Ola Tjøstheim', nationalId: '01017054321', phone: '+47 98765432', healthCategories: [] };
const PER = { fullName: 'Per Åsheim', nationalId: '24127812345', phone: '+47 90000001', healthCategories: ['disability'] };
const CLEAR = (p: typeof KARI) => [p.fullName, p.nationalId, p.phone, ...p.healthCategories.map((c) => `"${c}"`)];

describe('erasing a data subject (crypto-shredding)', () => {
  let service: TestService;
  let vault: PersonalDataVault;
  const kari = uuidv7(); // an applicant: applications are archived permanently
  const ola = uuidv7(); // a tenant whose lease ended long ago: past its retention period
  const per = uuidv7(); // a tenant with a current lease: still within its retention period
  const sitting = uuidv7(); // a tenant whose lease, signed long ago, had its rent adjusted this year
  const application = `application-${uuidv7()}`;

  const append = async (streamId: string, type: string, data: unknown, occurredAt: string) =>
    service.runtime.store.append(streamId, toNewEvents([{ type, data }], { actor: 'caseworker-7', role: 'caseworker', correlationId: 'seed', occurredAt }), 'any');

  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite', { captureLogs: true });
    vault = new PersonalDataVault(service.runtime.pool);
    const sealed = async (subject: string, person: typeof KARI) => vault.seal(subject, person);
    await append(application, 'ApplicationSubmitted', { applicationId: application.slice(12), household: { applicantId: kari, memberIds: [] }, personalData: await sealed(kari, KARI) }, '2025-02-01T00:00:00.000Z');
    await append(application, 'ApplicationDecided', { applicationId: application.slice(12), outcome: 'approved' }, '2025-03-01T00:00:00.000Z');
    await append(`lease-${uuidv7()}`, 'LeaseSigned', { tenantId: ola, personalData: await sealed(ola, OLA) }, '2009-01-01T00:00:00.000Z');
    await append(`lease-${uuidv7()}`, 'LeaseSigned', { tenantId: per, personalData: await sealed(per, PER) }, '2024-06-01T00:00:00.000Z');
    const sittingLease = uuidv7();
    await append(`lease-${sittingLease}`, 'LeaseSigned', { leaseId: sittingLease, householdId: sitting, memberIds: [] }, '2009-01-01T00:00:00.000Z');
    await append(`lease-${sittingLease}`, 'RentAdjusted', { leaseId: sittingLease, newRent: 9000 }, '2025-01-01T00:00:00.000Z');
    // A read model that keeps the sealed value, as a feature's would.
    await service.runtime.pool.query('CREATE TABLE applicant_directory (subject_id uuid PRIMARY KEY, sealed text NOT NULL)');
    for (const [s, p] of [[kari, KARI], [ola, OLA], [per, PER]] as const) {
      await service.runtime.pool.query('INSERT INTO applicant_directory VALUES ($1, $2)', [s, await sealed(s, p)]);
    }
  }, 60_000);
  afterAll(() => service?.stop());

  it('refuses to erase an applicant while the archive rules keep applications, appending nothing', async () => {
    const before = await countEvents();
    const r = await service.graphql(ERASE, { input: { subjectId: kari } });
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RETENTION_REQUIRED' });
    expect(r.body.errors[0].message).toMatch(/1 application record/);
    const noBasis = await service.graphql(ERASE, { input: { subjectId: kari, force: true } });
    expect(noBasis.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalBasis', reason: 'LEGAL_BASIS_REQUIRED' });
    expect(await countEvents()).toBe(before);
    expect(await vault.isForgotten(kari)).toBe(false);
  });

  it('refuses a tenant within the retention period of leases, and erases one past it without force', async () => {
    const within = await service.graphql(ERASE, { input: { subjectId: per } });
    expect(within.body.errors[0].extensions.reason).toBe('RETENTION_REQUIRED');
    const past = await service.graphql(ERASE, { input: { subjectId: ola } });
    expect(past.body.data.eraseDataSubject).toMatchObject({ subjectId: ola, erased: true, forced: false, overriddenRetention: [] });
  });

  it("counts a lease's retention from its last event, also one that does not name the tenant (a rent adjustment)", async () => {
    const r = await service.graphql(ERASE, { input: { subjectId: sitting } });
    expect(r.body.errors?.[0]?.extensions.reason).toBe('RETENTION_REQUIRED');
    expect(await vault.isForgotten(sitting)).toBe(false);
  });

  it('erases with force and a recorded legal basis; afterwards no table, event, replay, API answer or log line holds the data', async () => {
    const eventsBefore = await countEvents();
    const sealedBefore = await service.runtime.pool.query('SELECT sealed FROM applicant_directory WHERE subject_id = $1', [kari]);
    expect(await vault.open(kari, sealedBefore.rows[0].sealed)).toEqual(KARI); // the data was there and readable

    const r = await service.graphql(ERASE, { input: { subjectId: kari, force: true, legalBasis: 'Statsforvalteren, vedtak 2025/1234' } });
    expect(r.body.data.eraseDataSubject).toMatchObject({ subjectId: kari, erased: true, forced: true, overriddenRetention: ['application'] });

    // The erasure itself is an event without personal data.
    const erasure = [];
    for await (const e of service.runtime.store.readStream(`datasubject-${kari}`)) erasure.push(e);
    expect(erasure).toHaveLength(1);
    expect(erasure[0]!.data).toMatchObject({ subjectId: kari, legalBasis: 'Statsforvalteren, vedtak 2025/1234', forced: true, actor: 'test-admin', overriddenRetention: ['application'] });

    // Counts stay: the application's events are all still there (as facts about a pseudonymous household).
    expect(await countEvents()).toBe(eventsBefore + 1);

    // Replay: every sealed value of Kari's and Ola's in the log opens to nothing.
    for await (const e of service.runtime.store.readAll()) {
      const data = e.data as { personalData?: string; household?: { applicantId: string }; tenantId?: string };
      const subject = data.household?.applicantId ?? data.tenantId;
      if (data.personalData && (subject === kari || subject === ola)) expect(await vault.open(subject, data.personalData)).toBeNull();
    }
    // Per is untouched.
    const perRow = await service.runtime.pool.query('SELECT sealed FROM applicant_directory WHERE subject_id = $1', [per]);
    expect(await vault.open(per, perRow.rows[0].sealed)).toEqual(PER);

    // Grep: every table and view of the database, as text.
    const dump = await dumpDatabase();
    for (const value of [...CLEAR(KARI), ...CLEAR(OLA)]) expect([value, dump.includes(value)]).toEqual([value, false]);
    expect(dump).toContain(kari); // the pseudonymous id remains: counts and history stay intact

    // Grep: every answer of the API that could show it, as each role.
    const answers: string[] = [];
    for (const role of ['admin', 'auditor', 'caseworker', 'property-company', 'reporting'] as const) {
      for (const q of ['{ stockChanges(first: 1000) { edges { node { payload } } } }', '{ personalDataReads(first: 500) { edges { node { subjectId field } } } }', '{ projections { name error } }', '{ dwellings(first: 200) { totalCount } }']) {
        answers.push(JSON.stringify((await service.graphqlAs(role, q)).body));
      }
    }
    answers.push(JSON.stringify(r.body));
    for (const value of [...CLEAR(KARI), ...CLEAR(OLA)]) expect([value, answers.join('\n').includes(value)]).toEqual([value, false]);

    // Grep: every log line the service wrote.
    const logs = service.logs.join('\n');
    expect(logs).toContain('data subject erased');
    for (const value of [...CLEAR(KARI), ...CLEAR(OLA), ...CLEAR(PER)]) expect([value, logs.includes(value)]).toEqual([value, false]);
  });

  it('refuses new personal data for an erased person, and a second erasure changes nothing', async () => {
    await expect(vault.seal(kari, { fullName: 'Kari Nordmann' })).rejects.toThrow(DomainError);
    const before = await countEvents();
    const again = await service.graphql(ERASE, { input: { subjectId: kari } });
    expect(again.body.data.eraseDataSubject).toMatchObject({ erased: false, position: null });
    expect(await countEvents()).toBe(before);
  });

  it('refuses malformed input with BAD_USER_INPUT naming the field', async () => {
    const bad = await service.graphql(ERASE, { input: { subjectId: 'Kari Nordmann' } });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
    const long = await service.graphql(ERASE, { input: { subjectId: per, force: true, legalBasis: 'x'.repeat(2001) } });
    expect(long.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalBasis' });
  });

  it('lets an auditor page through the personal-data read log, filtered by person, and nobody else', async () => {
    const log = accessServices(service.runtime).personalDataReads;
    const subject = uuidv7();
    for (let i = 0; i < 3; i++) {
      await log.record({ actor: 'caseworker-7', role: 'caseworker', subjectId: subject, operation: 'CaseFile', field: `Person.field${i}`, correlationId: `c${i}`, purpose: null });
    }
    const Q = 'query ($s: ID, $after: String) { personalDataReads(subjectId: $s, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { actor role subjectId operation field correlationId at } } } }';
    const first = await service.graphqlAs('auditor', Q, { s: subject });
    expect(first.body.data.personalDataReads.totalCount).toBe(3);
    expect(first.body.data.personalDataReads.edges.map((e: any) => e.node.field)).toEqual(['Person.field0', 'Person.field1']);
    const rest = await service.graphqlAs('auditor', Q, { s: subject, after: first.body.data.personalDataReads.pageInfo.endCursor });
    expect(rest.body.data.personalDataReads.edges.map((e: any) => e.node.field)).toEqual(['Person.field2']);
    expect((await service.graphqlAs('caseworker', Q, { s: subject })).body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('`boligbok forget SUBJECT` refuses within retention (exit 2) and erases with --force --legal-basis', async () => {
    const refused = await cli(['forget', per]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/RETENTION_REQUIRED/);
    const forced = await cli(['forget', per, '--force', '--legal-basis', 'court order 24-123456TVI-OTIR', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ subjectId: per, erased: true, forced: true, overriddenRetention: ['lease'] });
    expect(await vault.isForgotten(per)).toBe(true);
    const events = [];
    for await (const e of service.runtime.store.readStream(`datasubject-${per}`)) events.push(e);
    expect(events[0]!.metadata.actor).toMatch(/^cli:/);
  }, 60_000);

  async function countEvents(): Promise<number> {
    // Straight from the table: $all readers stop below the oldest transaction still open, which may lag.
    const { rows } = await service.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    return rows[0]!.n;
  }

  async function dumpDatabase(): Promise<string> {
    const { rows } = await service.runtime.pool.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema = current_schema() OR (table_schema = 'public' AND current_schema() = 'public')`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const parts: string[] = [];
    for (const { name } of rows) {
      const content = await service.runtime.pool.query(`SELECT t::text AS row FROM ${name} t`);
      parts.push(...content.rows.map((r) => r.row as string));
    }
    return parts.join('\n');
  }

  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(packageRoot, 'bin', 'boligbok.js'), ...args], {
        env: { ...process.env, DATABASE_URL: service.db.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }
});
