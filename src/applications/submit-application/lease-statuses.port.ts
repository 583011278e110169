/**
 * Where a lease stands, as the applications side needs it: a swap or an extension names the
 * applicant's running lease. A port, so that applications import nothing from leases (which build
 * on applications); the leases module provides it (LeaseStatusesFromLog).
 */
export abstract class LeaseStatuses {
  /** 'none' when no lease has that id; else 'active', 'ended' or 'abandoned' (a signing given up). */
  abstract statusOf(leaseId: string): Promise<string>;
}
