/** Every lease's events live in the stream `lease-<leaseId>` (category `lease`). */
export function leaseStreamId(leaseId: string): string {
  return `lease-${leaseId}`;
}
