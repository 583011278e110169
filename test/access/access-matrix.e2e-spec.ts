import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { contractSchema, rootOperations } from '../../src/access/access-matrix.js';
import { operationRules } from '../../src/access/operation-rules.js';
import { ROLES, type Role } from '../../src/access/roles.js';
import { realPostgresAvailable } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { documentFor, plausibleVariables } from './support/operation-documents.js';

/**
 * Walks the whole access matrix against the running service: every query, mutation and
 * subscription of the schema, as every role. A refused call is 403 FORBIDDEN and appends nothing;
 * an allowed one is never FORBIDDEN (it may still be refused for its made-up arguments).
 */
describe('the access matrix, walked over HTTP and graphql-ws', () => {
  const schema = contractSchema();
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(realPostgresAvailable() ? 'postgres' : 'pglite');
  }, 60_000);
  afterAll(() => service?.stop());

  // Counted in the table: logHead stops below the oldest open transaction of the cluster and may lag.
  const head = async () => (await service.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
  const httpOperations = rootOperations(schema).filter((o) => o.startsWith('Query.') || o.startsWith('Mutation.'));
  const subscriptions = rootOperations(schema).filter((o) => o.startsWith('Subscription.'));

  it('answers 401 to every operation without a token, and the health endpoints without one', async () => {
    for (const operation of httpOperations.filter((o) => !o.includes('__'))) {
      const [type, name] = operation.split('.') as ['Query' | 'Mutation', string];
      const { query, field } = documentFor(schema, type, name);
      const r = await service.graphqlAs(null, query, plausibleVariables(field.args));
      expect([operation, r.status]).toEqual([operation, 401]);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });

  it('refuses every operation a role has no rule for with 403 FORBIDDEN, before anything runs', async () => {
    const before = await head();
    let refused = 0;
    for (const operation of httpOperations.filter((o) => !o.includes('__'))) {
      const [type, name] = operation.split('.') as ['Query' | 'Mutation', string];
      const { query, field } = documentFor(schema, type, name);
      for (const role of ROLES.filter((r) => !operationRules[operation]!.includes(r))) {
        const r = await service.graphqlAs(role, query, plausibleVariables(field.args));
        expect([operation, role, r.status, r.body.errors?.[0]?.extensions?.code]).toEqual([operation, role, 403, 'FORBIDDEN']);
        expect(r.body.data ?? null).toBeNull();
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
    expect(await head()).toBe(before);
  }, 120_000);

  it('lets every allowed role through the access check', async () => {
    for (const operation of httpOperations.filter((o) => !o.includes('__'))) {
      const [type, name] = operation.split('.') as ['Query' | 'Mutation', string];
      const { query, field } = documentFor(schema, type, name);
      for (const role of operationRules[operation]!) {
        const r = await service.graphqlAs(role, query, plausibleVariables(field.args));
        const codes = (r.body.errors ?? []).map((e: any) => e.extensions?.code);
        expect([operation, role, codes.includes('FORBIDDEN') || r.status === 401 || r.status === 403]).toEqual([operation, role, false]);
      }
    }
  }, 120_000);

  it('allows introspection only to the roles that need it', async () => {
    for (const role of ROLES) {
      const r = await service.graphqlAs(role, '{ __schema { queryType { name } } }');
      if (operationRules['Query.__schema']!.includes(role)) expect(r.body.data.__schema.queryType.name).toBe('Query');
      else expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    // __typename alone is always allowed: clients use it to check a connection.
    expect((await service.graphqlAs('reporting', '{ __typename }')).body.data.__typename).toBe('Query');
  });

  it('applies the same rules to subscriptions over graphql-ws, and refuses a socket without a valid token', async () => {
    const subscribe = (role: Role | null, operation: string) =>
      new Promise<'active' | string>((resolve) => {
        const { query, field } = documentFor(schema, 'Subscription', operation.split('.')[1]!);
        const client = createClient({
          url: service.url.replace('http', 'ws') + '/graphql',
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams: role ? service.wsConnectionParams(role) : {},
          onNonLazyError: (e: any) => resolve(`closed ${e?.code ?? e}`),
        });
        const timer = setTimeout(() => {
          void client.dispose();
          resolve('active');
        }, 400);
        client.subscribe(
          { query, variables: plausibleVariables(field.args) },
          {
            next: () => undefined,
            error: (e: any) => {
              clearTimeout(timer);
              void client.dispose();
              resolve(Array.isArray(e) ? e[0]?.extensions?.code ?? e[0]?.message : `closed ${e?.code ?? e}`);
            },
            complete: () => undefined,
          },
        );
      });
    for (const operation of subscriptions) {
      for (const role of ROLES) {
        const outcome = await subscribe(role, operation);
        expect([operation, role, outcome]).toEqual([operation, role, operationRules[operation]!.includes(role) ? 'active' : 'FORBIDDEN']);
      }
      expect(await subscribe(null, operation)).toBe('closed 4403');
    }
  }, 60_000);
});
