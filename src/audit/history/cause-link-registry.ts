import type { RecordedEvent } from '../../event-store/event-envelope.js';
import type { EntityKind } from './entity-ref.js';

/**
 * Which matching event about the entity is the cause:
 * - `newest-before` (the default): the newest one before the effect in the log;
 * - `nearest`: the one nearest the effect in the log, before or after it, one with the effect's
 *   correlation id first. For causes found by identity (an offer has one DwellingOffered, one
 *   answer and one minute in the committee's minutes; a lease one LeaseSigned) and for claims made
 *   in the same step as their cause: a step may write effects before their cause (an offer's
 *   reservation and marking before the offer, the offer before the minutes; the household's
 *   tenancy before the lease), and a generated history interleaves streams, so log order across
 *   streams says nothing of which came first.
 */
export type CauseOrder = 'newest-before' | 'nearest';

/**
 * Where to look for the event that caused another: an event about the entity `kind`/`id`, of one
 * of `eventTypes`, for which `matches` holds (when given), chosen by `order`.
 */
export interface CauseLookup {
  /** Names the link in the answer, e.g. 'committee-decision'. */
  link: string;
  kind: EntityKind;
  id: string;
  eventTypes: readonly string[];
  matches?: (candidate: RecordedEvent) => boolean;
  /** Default 'newest-before'. */
  order?: CauseOrder;
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
