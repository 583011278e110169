import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessMatrixMarkdown, contractSchema, matrixInReadme, rootOperations } from '../../src/access/access-matrix.js';
import { operationRules } from '../../src/access/operation-rules.js';
import { ROLES } from '../../src/access/roles.js';
import { packageRoot } from '../../src/package-root.js';

describe('operation rules: one central table covering the whole schema', () => {
  const schema = contractSchema();
  const operations = rootOperations(schema);

  it('has a rule for every query, mutation and subscription of the schema (a new operation without one fails here)', () => {
    const missing = operations.filter((o) => !(o in operationRules));
    expect(missing).toEqual([]);
  });

  it('has no rule for an operation that does not exist (renamed or removed)', () => {
    const stale = Object.keys(operationRules).filter((o) => !operations.includes(o));
    expect(stale).toEqual([]);
  });

  it('names only known roles; no mutation is open to the auditor, and the reporting jobs may only store reports', () => {
    for (const roles of Object.values(operationRules)) for (const r of roles) expect(ROLES).toContain(r);
    for (const [operation, roles] of Object.entries(operationRules)) {
      if (operation.startsWith('Mutation.')) expect(roles).not.toEqual(expect.arrayContaining(['auditor']));
      // The reporting jobs change nothing in the register; storing the report they produce is their one write.
      if (operation.startsWith('Mutation.') && operation !== 'Mutation.generateKostraReport') expect(roles).not.toEqual(expect.arrayContaining(['reporting']));
    }
  });

  it('keeps the property company to the stock and its change feed', () => {
    const allowed = Object.entries(operationRules).filter(([, roles]) => roles.includes('property-company')).map(([o]) => o).sort();
    expect(allowed).toEqual(
      ['Mutation.ping', 'Mutation.pushStockChanges', 'Query.__schema', 'Query.__type', 'Query.buildings', 'Query.dwelling', 'Query.dwellings', 'Query.logHead', 'Query.stockChanges', 'Query.whoAmI', 'Subscription.stockChanged'].sort(),
    );
  });

  it('keeps the reporting jobs to aggregates and reports', () => {
    const allowed = Object.entries(operationRules).filter(([, roles]) => roles.includes('reporting')).map(([o]) => o).sort();
    expect(allowed).toEqual(['Query.__schema', 'Query.__type', 'Query.logHead', 'Query.evictions', 'Query.kostraReport', 'Query.storedReport', 'Query.storedReports', 'Mutation.generateKostraReport', 'Query.portfolioLedger', 'Query.portfolioSummary', 'Query.tenantToOwnerKpi', 'Query.whoAmI'].sort());
  });

  it('lets the auditor read every query (history included) and change nothing', () => {
    const queries = operations.filter((o) => o.startsWith('Query.') || o.startsWith('Subscription.'));
    const notForAuditor = queries.filter((o) => !operationRules[o]!.includes('auditor'));
    expect(notForAuditor).toEqual([]);
  });

  it('the README matrix is generated from the current table', () => {
    const written = matrixInReadme(readFileSync(join(packageRoot, 'README.md'), 'utf8'));
    expect(written).toBe(accessMatrixMarkdown(schema));
  });
});
