/** A household's tenancy guard lives in `household-<householdId>` (category `household`). */
export function householdTenancyStreamId(householdId: string): string {
  return `household-${householdId}`;
}
