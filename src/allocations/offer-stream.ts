/** Every offer's events live in the stream `offer-<id>` (category `offer`); the leases read OfferAccepted from it. */
export function offerStreamId(offerId: string): string {
  return `offer-${offerId}`;
}
