import type { DomainEvent } from './domain-event.js';

/**
 * An aggregate as a pure decider: no I/O, no clock (time arrives in the command).
 * `decide` returns the events a command causes, or throws a DomainError when it is refused;
 * `evolve` folds one event into the state.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

export function replay<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}
