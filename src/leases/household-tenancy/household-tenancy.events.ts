/**
 * The household side of "at most one active lease per household": a stream per household
 * (`household-<householdId>`) records when a lease starts and ends for it. Its decider refuses a
 * second active lease, so two leases signed at once for one household cannot both succeed (the
 * append's expected revision serialises them). Kept stable: add, never rename.
 */
export type HouseholdTenancyEvent = TenancyStarted | TenancyEnded;

export const HOUSEHOLD_TENANCY_EVENT_TYPES: readonly HouseholdTenancyEvent['type'][] = ['TenancyStarted', 'TenancyEnded'];

export interface TenancyStarted {
  type: 'TenancyStarted';
  data: { householdId: string; leaseId: string; dwellingId: string; startDate: string; previousLeaseId: string | null; actor: string };
}

export interface TenancyEnded {
  type: 'TenancyEnded';
  data: { householdId: string; leaseId: string; dwellingId: string; endedOn: string; reason: string; actor: string };
}
