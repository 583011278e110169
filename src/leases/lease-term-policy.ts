import { lastDayOfTerm } from '../applications/calendar-arithmetic.js';
import type { Config } from '../config/config.js';
import type { LeaseTermRules } from './lease/lease.commands.js';
import type { ContractType } from './lease/lease-terms.js';

/**
 * The legal minimum of a time-limited lease (husleieloven § 9-3: 3 years) and the aim of temporary
 * housing (sosialtjenesteloven § 27: at most 3 months) are law, not configuration.
 */
export const LEASE_TERM_RULES: LeaseTermRules = { minimumTimeLimitedMonths: 36, temporaryHousingAimMonths: 3 };

/** The end date (last day) a lease gets when none is given: the configured term for its contract type (policy). */
export function defaultEndDate(contractType: ContractType, startDate: string, terms: Config['leaseTermMonths']): string | null {
  const months = contractType === 'ordinary' ? terms.ordinary : contractType === 'short-term' ? terms.shortTerm : terms.temporaryHousing;
  return months === 0 ? null : lastDayOfTerm(startDate, months);
}
