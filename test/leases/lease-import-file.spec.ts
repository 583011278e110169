import { readFile } from 'node:fs/promises';
import { readLeaseImportFile } from '../../src/leases/import-leases/lease-import-file.js';

/** The lease file read against the Lease decider's rules (pure: no database). */
const terms = { ordinary: 36, shortTerm: 24, temporaryHousing: 3 };

describe('lease opening-balance file: security', () => {
  let header: string;
  let rows: string[];
  beforeAll(async () => {
    [header, ...rows] = (await readFile('examples/leases-opening-balance.csv', 'utf8')).trim().split('\n') as [string, ...string[]];
  });
  /** The example's third row has no security: `…;6000;none;;;`. */
  const withoutSecurity = () => rows.find((r) => r.includes(';none;'))!;

  it('a row without security is read as no security', () => {
    const file = readLeaseImportFile([header, withoutSecurity()].join('\n'), terms, 't');
    expect(file.rejected).toEqual([]);
    expect(file.rows[0]!.command.security).toEqual({ kind: 'none' });
  });

  it('an amount with security_kind none is refused in its cell, never dropped', () => {
    const row = withoutSecurity().replace(';none;;;', ';none;100;;');
    const file = readLeaseImportFile([header, row].join('\n'), terms, 't');
    expect(file.rows).toEqual([]);
    expect(file.rejected).toEqual([
      { line: 2, column: 'security_amount', rule: 'a lease without security has no amount; leave it out, or choose the kind of security it belongs to', code: 'FIELD_NOT_ALLOWED' },
    ]);
  });

  it('a guarantor with a deposit is refused in its cell', () => {
    const row = withoutSecurity().replace(';none;;;', ';deposit;12000;nav;');
    const file = readLeaseImportFile([header, row].join('\n'), terms, 't');
    expect(file.rejected.map((e) => [e.column, e.code])).toEqual([['guarantor', 'FIELD_NOT_ALLOWED']]);
  });
});
