/**
 * Where a lease stands, as the applications side needs it: a swap or an extension names the
 * applicant's running lease, and a household with one applies for nothing else. A port, so that applications import nothing from leases (which build
 * on applications); the leases module provides it (LeaseStatusesFromLog).
 */
export abstract class LeaseStatuses {
  /** 'none' when no lease has that id; else 'active', 'ended' or 'abandoned' (a signing given up). */
  abstract statusOf(leaseId: string): Promise<string>;
  /** The lease the household (its applicant's id) holds now, or null: a sitting tenant applies for a swap or an extension. */
  abstract activeLeaseOf(householdId: string): Promise<string | null>;
}
