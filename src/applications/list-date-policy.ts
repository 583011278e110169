/**
 * Where a household that comes back to the waiting list (after declining an offer, letting one
 * expire, or renewing an approval that expired) stands: its list date is kept, or starts again on
 * the day it came back. Policy: each municipality chooses; the handler passes the configured rule
 * in the command so the event records which rule was applied.
 */
export const LIST_DATE_POLICIES = ['keep-original-date', 'restart-date'] as const;
export type ListDatePolicy = (typeof LIST_DATE_POLICIES)[number];
