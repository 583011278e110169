import { createServer } from 'node:http';
import { buildSchema, parse, validate, execute, type DocumentNode } from 'graphql';
import pg from 'pg';
import '../database/pg-types.js';
import { DEFAULT_APPLICATIONS_POLICY } from '../applications/applications-policy.js';
import { ApplicationsReadModel } from '../applications/applications.read-model.js';
import { WaitingListReadModel } from '../applications/waiting-list/waiting-list.read-model.js';
import { DwellingReadModel } from '../portfolio/dwelling-read-model.js';
import { PortfolioSummaryReadModel } from '../portfolio/portfolio-summary.read-model.js';

/**
 * The reference for the graphql bench: graphql-js on node:http, no framework, answering the bench's
 * queries from the same read-model tables with hand-written SQL (the summary and the waiting list
 * through the service's own read-model classes, so the SQL and the kept waiting-list order are the same). Parsed and validated documents are
 * cached, as Apollo does, so the comparison is of everything else. Started as its own process with
 * BARE_DATABASE_URL and BARE_PORT; prints "listening" when ready.
 */
const schema = buildSchema(`
  type Address { street: String! postalCode: String! postalTown: String! }
  type Dwelling {
    id: ID! bruksenhetsnummer: String! address: Address! district: String! dwellingType: String! rooms: Int! bedrooms: Int!
    floor: Int! wheelchairAccessible: Boolean! ownership: String! status: String! statusSince: String! conditionGrade: String
  }
  type DwellingEdge { node: Dwelling! cursor: String! }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type DwellingConnection { edges: [DwellingEdge!]! pageInfo: PageInfo! totalCount: Int! }
  input DwellingFilter { district: String status: String wheelchairAccessible: Boolean minBedrooms: Int kommunenummer: String }
  type CategoryCount { value: String! count: Int! }
  type PortfolioSummary {
    dwellingsInPortfolio: Int! byType: [CategoryCount!]! byOwnership: [CategoryCount!]! byStatus: [CategoryCount!]!
    wheelchairAccessible: Int! wheelchairAccessibleShare: Float! buildings: Int!
  }
  type ApplicationRef { id: ID! }
  type WaitingListEntry { position: Int! reason: String! waitingSince: String! application: ApplicationRef! }
  type WaitingListEdge { cursor: String! node: WaitingListEntry! }
  type WaitingListConnection { edges: [WaitingListEdge!]! pageInfo: PageInfo! totalCount: Int! rules: [String!]! }
  type Query {
    waitingList(first: Int = 50): WaitingListConnection!
    dwelling(id: ID!): Dwelling
    dwellings(first: Int = 50, after: String, filter: DwellingFilter): DwellingConnection!
    portfolioSummary: PortfolioSummary!
  }
`);

const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL!, max: Number(process.env.BARE_POOL_SIZE ?? 10) });
const IN_PORTFOLIO = `status NOT IN ('sold', 'lease-in-ended')`;
const upper = (v: string | null) => (v === null ? null : v.toUpperCase().replace(/-/g, '_'));
const upperCount = (c: { value: string; count: number }) => ({ value: upper(c.value)!, count: c.count });
const waitingList = new WaitingListReadModel(pool, new ApplicationsReadModel(pool));
const summaries = new PortfolioSummaryReadModel(pool, new DwellingReadModel(pool));

function node(r: Record<string, any>) {
  return {
    id: r.dwelling_id,
    bruksenhetsnummer: r.bruksenhetsnummer,
    address: { street: r.street, postalCode: r.postal_code, postalTown: r.postal_town },
    district: r.district,
    dwellingType: upper(r.dwelling_type),
    rooms: r.rooms,
    bedrooms: r.bedrooms,
    floor: r.floor,
    wheelchairAccessible: r.wheelchair_accessible,
    ownership: upper(r.ownership),
    status: upper(r.status),
    statusSince: r.status_since,
    conditionGrade: r.condition_grade,
  };
}

const rootValue = {
  /** The same read model as the service (the sorted list kept per checkpoint of the applications read model), the same rules. */
  async waitingList({ first }: { first: number }) {
    const rules = DEFAULT_APPLICATIONS_POLICY.waitingList;
    const { positions, total, rows } = await waitingList.page(rules, 0, first + 1);
    const page = positions.slice(0, first);
    return {
      edges: page.map((p) => ({
        cursor: String(p.position),
        node: { position: p.position, reason: p.reason, waitingSince: rows.get(p.applicationId)!.waiting_since, application: { id: p.applicationId } },
      })),
      pageInfo: { hasNextPage: positions.length > first, hasPreviousPage: false, startCursor: page[0] ? String(page[0].position) : null, endCursor: page.length ? String(page[page.length - 1]!.position) : null },
      totalCount: total,
      rules: rules.order,
    };
  },
  async dwelling({ id }: { id: string }) {
    const { rows } = await pool.query('SELECT * FROM dwellings WHERE dwelling_id = $1', [id]);
    return rows[0] ? node(rows[0]) : null;
  },
  async dwellings({ first, after, filter }: { first: number; after?: string; filter?: Record<string, unknown> }) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.kommunenummer != null) add('kommunenummer = ?', filter.kommunenummer);
    if (filter?.district != null) add('district = ?', filter.district);
    if (filter?.status != null) add('status = ?', String(filter.status).toLowerCase().replace(/_/g, '-'));
    else where.push(IN_PORTFOLIO);
    if (filter?.wheelchairAccessible != null) add('wheelchair_accessible = ?', filter.wheelchairAccessible);
    if (filter?.minBedrooms != null) add('bedrooms >= ?', filter.minBedrooms);
    const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];
    if (after) add('dwelling_id > ?::uuid', Buffer.from(after, 'base64').toString());
    params.push(first + 1);
    const pageWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [page, count] = await Promise.all([
      pool.query(`SELECT * FROM dwellings ${pageWhere} ORDER BY dwelling_id LIMIT $${params.length}`, params),
      pool.query(`SELECT count(*)::int AS n FROM dwellings ${countWhere}`, countParams),
    ]);
    const rows = page.rows.slice(0, first);
    const cursor = (id: string) => Buffer.from(id).toString('base64');
    return {
      edges: rows.map((r) => ({ node: node(r), cursor: cursor(r.dwelling_id) })),
      pageInfo: { hasNextPage: page.rows.length > first, hasPreviousPage: !!after, startCursor: rows[0] ? cursor(rows[0].dwelling_id) : null, endCursor: rows.length ? cursor(rows[rows.length - 1].dwelling_id) : null },
      totalCount: count.rows[0].n,
    };
  },
  /** The same counts table and query as the service (kept by triggers beside the dwellings table). */
  async portfolioSummary() {
    const counts = await summaries.counts(null);
    return { ...counts, byType: counts.byType.map(upperCount), byOwnership: counts.byOwnership.map(upperCount), byStatus: counts.byStatus.map(upperCount) };
  },
};

const documents = new Map<string, DocumentNode>();

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string; variables?: Record<string, unknown> };
      let document = documents.get(query);
      if (!document) {
        document = parse(query);
        const errors = validate(schema, document);
        if (errors.length > 0) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors }));
          return;
        }
        documents.set(query, document);
      }
      const result = await execute({ schema, document, rootValue, variableValues: variables });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
});
server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
