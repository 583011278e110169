import { completedYears } from './calendar-date.js';
import type { RentalHousingGrant } from './rental-housing-grant.js';

/**
 * The part of a Husbanken rental-housing grant not yet written down on a date: what must be repaid
 * if the dwelling is sold that day.
 *
 * - Linear, per COMPLETED year since the grant date: nothing is written down before the first
 *   anniversary, then 1/writeDownYears of the amount on each anniversary.
 * - 1/30 per year (3.33 %), not the 3.3 % DOMAIN.md quotes: 3.3 % × 30 years leaves 1 % of the grant
 *   outstanding forever, while the guide says the grant is written down over 30 years. 3.3 % is the
 *   rounded percentage of 1/30. Older grants use 1/20 (5 %) the same way.
 * - Whole kroner: the written-down part is rounded DOWN, so the outstanding part is rounded UP.
 *   A repayment computed here is therefore never below the exact figure (Husbanken is never short).
 * - Never below 0: after writeDownYears completed years nothing is outstanding.
 */
export function outstandingGrant(grant: RentalHousingGrant, on: string): number {
  const yearsLeft = grant.writeDownYears - completedYears(grant.grantDate, on);
  if (yearsLeft <= 0) return 0;
  // amount × yearsLeft is an exact integer; ceil of its quotient rounds the outstanding part up.
  return Math.ceil((grant.amount * yearsLeft) / grant.writeDownYears);
}

/** A dwelling may carry several grants (acquisition, later upgrade); what is outstanding adds up. */
export function totalOutstandingGrant(grants: readonly RentalHousingGrant[], on: string): number {
  return grants.reduce((sum, grant) => sum + outstandingGrant(grant, on), 0);
}
