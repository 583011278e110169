import { HEALTH_RELATED_CATEGORIES, type BackgroundCategory } from '../../applications/background-category.js';
import type { RecordedEvent } from '../../event-store/event-envelope.js';

/**
 * Event data as a history shows it to every reader: the health-related background categories of a
 * household (GDPR Art. 9) are left out of `categories`. The whole data is served separately, as a
 * @personalData field, to the roles that may see it (and each read is recorded).
 */
export function redactedEventData(event: Pick<RecordedEvent, 'data'>): { data: unknown; redacted: boolean } {
  const data = event.data as { categories?: unknown } | null;
  if (!data || !Array.isArray(data.categories)) return { data: event.data, redacted: false };
  const kept = (data.categories as BackgroundCategory[]).filter((c) => !HEALTH_RELATED_CATEGORIES.includes(c));
  if (kept.length === data.categories.length) return { data: event.data, redacted: false };
  return { data: { ...data, categories: kept }, redacted: true };
}

/** The pseudonymous id of the person an event's personal data is about (the household's applicant), if any. */
export function eventSubjectId(event: Pick<RecordedEvent, 'data'>): string | null {
  const data = event.data as { household?: { applicantId?: unknown }; subjectId?: unknown } | null;
  const id = data?.household?.applicantId ?? data?.subjectId;
  return typeof id === 'string' ? id : null;
}
