import type { RecordedEvent } from '../../event-store/event-envelope.js';
import type { EntityKind } from './entity-ref.js';

/**
 * Where to look for the event that caused another: the newest event before it, about the entity
 * `kind`/`id`, of one of `eventTypes`, for which `matches` holds (when given).
 */
export interface CauseLookup {
  /** Names the link in the answer, e.g. 'committee-decision'. */
  link: string;
  kind: EntityKind;
  id: string;
  eventTypes: readonly string[];
  matches?: (candidate: RecordedEvent) => boolean;
}

/** A rule: from an event of a registered type, the lookups that find its causes (domain links in its data). */
export type CauseRule = (event: RecordedEvent) => CauseLookup[];

/**
 * Domain links between events, per event type. The envelope's causationId is followed for every
 * event (when it names another event); these rules add the links the data carries: an offer names
 * its meeting and application, a lease names its offer. A feature adds its rules with `register`.
 */
export class CauseLinkRegistry {
  private readonly rules = new Map<string, CauseRule[]>();

  register(rules: Readonly<Record<string, CauseRule>>): this {
    for (const [type, rule] of Object.entries(rules)) this.rules.set(type, [...(this.rules.get(type) ?? []), rule]);
    return this;
  }

  lookups(event: RecordedEvent): CauseLookup[] {
    return (this.rules.get(event.type) ?? []).flatMap((rule) => rule(event));
  }

  types(): string[] {
    return [...this.rules.keys()].sort();
  }
}
