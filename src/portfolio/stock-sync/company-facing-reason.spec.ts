import { DomainError } from '../../shared-kernel/domain-error.js';
import { unitInPortfolio } from '../dwelling/dwelling.errors.js';
import { companyFacingReason } from './company-facing-reason.js';

const DWELLING = '01900000-0000-7000-8000-0000000000aa';
const APPLICATION = '01900000-0000-7000-8000-0000000000bb';

describe('the reason of a refusal as told to the property company', () => {
  it('names no application when the dwelling is reserved', () => {
    const reason = companyFacingReason(
      new DomainError('DWELLING_RESERVED', `Dwelling ${DWELLING} is reserved for application ${APPLICATION} since 2025-01-01.`),
      DWELLING,
    );
    expect(reason).toContain(DWELLING);
    expect(reason).not.toContain(APPLICATION);
  });

  it('names no lease when the dwelling is let', () => {
    const reason = companyFacingReason(new DomainError('DWELLING_LET', `Dwelling ${DWELLING} is let under lease L-17 since 2025-01-01.`), DWELLING);
    expect(reason).not.toContain('L-17');
  });

  it('keeps the sentence of other refusals, withholding any id but the dwelling’s', () =>
    expect(
      companyFacingReason(new DomainError('SOMETHING', `Dwelling ${DWELLING} conflicts with ${APPLICATION.toUpperCase()}.`), DWELLING),
    ).toBe(`Dwelling ${DWELLING} conflicts with (withheld).`));

  it('names the dwelling a unit already is in the portfolio (our dwelling id, as in the feed)', () => {
    const OURS = '01900000-0000-7000-8000-0000000000cc';
    const reason = companyFacingReason(unitInPortfolio('bruksenhetsnummer', '1505-12/345/0/0 H0101', OURS, '2024-01-15'), DWELLING);
    expect(reason).toContain(OURS);
    expect(reason).not.toContain('(withheld)');
  });
});
