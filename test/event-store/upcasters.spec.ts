import { UpcasterRegistry } from '../../src/event-store/upcasters.js';

describe('upcaster registry', () => {
  it('knows the current schema version of each event type: 1 and one more per upcaster chained from 1', () => {
    const upcasters = new UpcasterRegistry()
      .register('DwellingRegistered', 1, (d) => ({ ...(d as object), floor: 0 }))
      .register('DwellingRegistered', 2, (d) => ({ ...(d as object), wheelchairAccessible: false }))
      .register('LeaseSigned', 1, (d) => d);
    expect(upcasters.currentVersion('DwellingRegistered')).toBe(3);
    expect(upcasters.currentVersion('LeaseSigned')).toBe(2);
    expect(upcasters.currentVersion('OfferAccepted')).toBe(1);
  });

  it('leaves an event already in the current version as it is', () => {
    const upcasters = new UpcasterRegistry().register('DwellingRegistered', 1, (d) => ({ ...(d as object), floor: 0 }));
    const current = upcasters.currentVersion('DwellingRegistered');
    expect(upcasters.upcast('DwellingRegistered', current, { rooms: 2, floor: 3 })).toEqual({ schemaVersion: 2, data: { rooms: 2, floor: 3 } });
  });
});
