import { deciderSpecification } from '../../../test/support/decider-specification.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { dwellingUnitName, dwellingUnitStreamId, dwellingUnitText } from './dwelling-unit.js';
import { unitClaimDecider, type ClaimDwellingUnit, type UnitClaimEvent } from './unit-claim.decider.js';

const spec = deciderSpecification(unitClaimDecider);

const unit = { matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, seksjonsnummer: null }, bruksenhetsnummer: 'H0101' };
const UNIT = dwellingUnitName(unit);
const FIRST = '01900000-0000-7000-8000-000000000001';
const SECOND = '01900000-0000-7000-8000-000000000002';

const claimed = (dwellingId: string, claimedOn = '2024-01-15'): UnitClaimEvent => ({ type: 'DwellingUnitClaimed', data: { unit: UNIT, claimedBy: dwellingId, claimedOn } });
const claim = (change: Partial<ClaimDwellingUnit> = {}): ClaimDwellingUnit => ({
  type: 'ClaimDwellingUnit',
  unit: UNIT,
  unitText: dwellingUnitText(unit),
  dwellingId: SECOND,
  claimedOn: '2025-03-01',
  field: 'bruksenhetsnummer',
  holderRead: null,
  standing: null,
  ...change,
});

describe('the unit claim', () => {
  it('names the unit as the import names it, and keeps its stream out of the dwelling category', () => {
    expect(UNIT).toBe('boligbok:dwelling:1505-12/345/0/0:H0101');
    expect(dwellingUnitText(unit)).toBe('1505-12/345/0/0 H0101');
    expect(dwellingUnitStreamId(unit)).toMatch(/^dwellingunit-[0-9a-f]{64}$/);
    expect(dwellingUnitStreamId({ ...unit, matrikkel: { ...unit.matrikkel, festenummer: 0 as unknown as null } })).toBe(dwellingUnitStreamId(unit));
  });

  it('claims a unit nobody holds', () => spec.given().when(claim()).then(claimed(SECOND, '2025-03-01')));

  it('records nothing when the dwelling holds the unit already (a registration completed after an interruption)', () =>
    spec.given(claimed(SECOND)).when(claim({ holderRead: SECOND })).then());

  it('refuses a unit another dwelling is in the portfolio as, naming the field and that dwelling', () => {
    spec.given(claimed(FIRST)).when(claim({ holderRead: FIRST, standing: { dwellingId: FIRST, enteredPortfolioOn: '2024-01-15' } })).thenThrows('DWELLING_EXISTS', 'bruksenhetsnummer');
    let error: unknown;
    try {
      unitClaimDecider.decide(claim({ holderRead: FIRST, standing: { dwellingId: FIRST, enteredPortfolioOn: '2024-01-15' } }), { holder: FIRST, claims: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ category: 'CONFLICT', field: 'bruksenhetsnummer' });
    expect((error as Error).message).toContain(FIRST);
    expect((error as Error).message).toContain('1505-12/345/0/0 H0101');
  });

  it('refuses a unit whose claim is not yet followed by its registration, naming that dwelling', () =>
    spec.given(claimed(FIRST)).when(claim({ holderRead: FIRST, standing: { dwellingId: FIRST, enteredPortfolioOn: null } })).thenThrows('DWELLING_EXISTS', 'bruksenhetsnummer'));

  it('refuses a unit found in the portfolio without a claim (registered before the claims began)', () =>
    spec.given().when(claim({ standing: { dwellingId: FIRST, enteredPortfolioOn: '2020-01-01' } })).thenThrows('DWELLING_EXISTS'));

  it('lets a new dwelling claim a unit whose dwelling has left the portfolio (sold and bought back)', () =>
    spec.given(claimed(FIRST)).when(claim({ holderRead: FIRST, standing: null })).then(claimed(SECOND, '2025-03-01')));

  it('names the field of a correction', () =>
    spec
      .given(claimed(FIRST))
      .when(claim({ holderRead: FIRST, field: 'changes.bruksenhetsnummer', standing: { dwellingId: FIRST, enteredPortfolioOn: '2024-01-15' } }))
      .thenThrows('DWELLING_EXISTS', 'changes.bruksenhetsnummer'));

  it('refuses to decide on a holder other than the one read (a concurrent claim): the step reads again', () =>
    spec.given(claimed(FIRST)).when(claim({ holderRead: null })).thenThrows('CONCURRENT_MODIFICATION'));

  it('counts the claims and keeps the last holder', () => {
    const state = [claimed(FIRST), claimed(SECOND)].reduce(unitClaimDecider.evolve, unitClaimDecider.initialState);
    expect(state).toEqual({ holder: SECOND, claims: 2 });
  });
});
