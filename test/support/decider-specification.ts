import type { Decider } from '../../src/shared-kernel/decider.js';
import type { DomainEvent } from '../../src/shared-kernel/domain-event.js';
import { DomainError } from '../../src/shared-kernel/domain-error.js';

/**
 * given(events).when(command).then(events) for pure deciders.
 *   const spec = deciderSpecification(dwellingDecider);
 *   spec.given(registered).when(sell(...)).thenThrows('DWELLING_LET');
 */
export function deciderSpecification<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(...history: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState));
          return {
            then(...expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenMatches(...expected: Array<Partial<E> | { type: string; data: unknown }>) {
              const events = run();
              expect(events).toHaveLength(expected.length);
              events.forEach((e, i) => expect(e).toMatchObject(expected[i] as object));
            },
            thenThrows(code: string, field?: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe(code);
              if (field !== undefined) expect((error as DomainError).field).toBe(field);
            },
          };
        },
      };
    },
  };
}
