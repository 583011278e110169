/**
 * Where the allocation side keeps offers and applications. Defined here, identically to the
 * applications work's own helpers (src/allocations/offer-stream.ts, application stream), until that
 * work is merged; then these delegate to theirs.
 */
export function offerStreamId(offerId: string): string {
  return `offer-${offerId}`;
}

export function applicationStreamId(applicationId: string): string {
  return `application-${applicationId}`;
}
