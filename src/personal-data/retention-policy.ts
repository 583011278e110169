/**
 * How long records about a person must be kept, per kind of record (policy: the municipality's
 * archive plan, "bevarings- og kassasjonsplan", decides; this is the default). Records are found by
 * the category of the event stream they live in. While a rule holds a person's records, erasing the
 * person is refused unless forced with a recorded legal basis.
 *
 * To cover a new feature: add its stream category to a rule (or a new rule). A stream category not
 * listed here holds nobody.
 */
export interface RetentionRule {
  recordKind: string;
  /** Stream categories: the stream id without its trailing `-<uuid>`, e.g. `application` for `application-<uuid>`. */
  streamCategories: readonly string[];
  /** 'permanent', or kept this many years after the last event of the record. */
  retention: 'permanent' | { years: number };
  /** Why, for the refusal message and the README. */
  source: string;
}

export const retentionPolicy: readonly RetentionRule[] = [
  {
    recordKind: 'application',
    streamCategories: ['application', 'appeal'],
    retention: 'permanent',
    source: 'applications for municipal housing and their appeals are archived permanently (arkivlova, the archive plan)',
  },
  {
    recordKind: 'decision',
    streamCategories: ['meeting', 'offer', 'allocation', 'decision'],
    retention: 'permanent',
    source: 'decisions (enkeltvedtak) on allocation are archived permanently (arkivlova, the archive plan)',
  },
  {
    recordKind: 'lease',
    // Leases, a household's tenancy history and tenant-to-owner transitions: tenancy records.
    streamCategories: ['lease', 'household', 'transition'],
    retention: { years: 10 },
    source: 'policy: tenancy records other than decisions are kept 10 years after their last event',
  },
];

const TRAILING_UUID = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `application-0190…` → `application`; a stream id without a trailing uuid is its own category. */
export function streamCategory(streamId: string): string {
  return streamId.replace(TRAILING_UUID, '');
}

export function ruleForStream(streamId: string, policy: readonly RetentionRule[] = retentionPolicy): RetentionRule | undefined {
  const category = streamCategory(streamId);
  return policy.find((r) => r.streamCategories.includes(category));
}

/** Whether a record whose last event occurred at `lastOccurredAt` must still be kept at `on`. */
export function stillKept(rule: RetentionRule, lastOccurredAt: Date, on: Date): boolean {
  if (rule.retention === 'permanent') return true;
  const until = new Date(lastOccurredAt);
  until.setUTCFullYear(until.getUTCFullYear() + rule.retention.years);
  return until > on;
}
