/** Every tenant-to-owner transition lives in `transition-<transitionId>` (category `transition`). */
export function transitionStreamId(transitionId: string): string {
  return `transition-${transitionId}`;
}
