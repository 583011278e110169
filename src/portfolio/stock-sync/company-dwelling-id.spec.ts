import { createHash } from 'node:crypto';
import { companyDwellingId } from './company-dwelling-id.js';

describe("our id of a dwelling the property company reports as new", () => {
  it('is the same for the same reference, so a retried NEW_DWELLING lands on the same dwelling', () =>
    expect(companyDwellingId('EF-1001')).toBe(companyDwellingId('EF-1001')));

  it('differs between references', () => expect(companyDwellingId('EF-1001')).not.toBe(companyDwellingId('EF-1002')));

  it("is SHA-256 of 'property-company:' + reference in the UUID version 8 layout (the company can compute it)", () => {
    const id = companyDwellingId('EF-1001');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const hash = createHash('sha256').update('property-company:EF-1001').digest('hex');
    const hex = id.replace(/-/g, '');
    expect(hex.slice(0, 12)).toBe(hash.slice(0, 12));
    expect(hex.slice(13, 16)).toBe(hash.slice(13, 16));
    expect(hex.slice(18, 32)).toBe(hash.slice(18, 32));
  });
});
