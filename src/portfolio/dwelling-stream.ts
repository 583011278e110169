/** Every dwelling's events live in the stream `dwelling-<id>` (category `dwelling`). */
export function dwellingStreamId(dwellingId: string): string {
  return `dwelling-${dwellingId}`;
}
