/** What a decider emits: the event's type and data. The event store wraps it in an envelope. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}
