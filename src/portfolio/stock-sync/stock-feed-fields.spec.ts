import type { RecordedEvent } from '../../event-store/event-envelope.js';
import { dwellingDecider } from '../dwelling/dwelling.decider.js';
import type { DwellingCommand } from '../dwelling/dwelling.commands.js';
import type { DwellingEvent } from '../dwelling/dwelling.events.js';
import { stockChangeNode } from './stock-change-node.js';
import { PUBLISHED_FIELDS, publishedData } from './stock-feed-fields.js';

const D = '01900000-0000-7000-8000-0000000000aa';
const APPLICATION = '01900000-0000-7000-8000-0000000000bb';
const LEASE = '01900000-0000-7000-8000-0000000000cc';
const description = {
  matrikkel: { kommunenummer: '1505', gardsnummer: 12, bruksnummer: 345, festenummer: null, seksjonsnummer: null },
  bruksenhetsnummer: 'H0101',
  address: { street: 'Langveien 4', postalCode: '6509', postalTown: 'Kristiansund' },
  district: 'Nordlandet',
  dwellingType: 'ordinary' as const,
  rooms: 3,
  bedrooms: 2,
  primaryAreaM2: 62.5,
  floor: 1,
  wheelchairAccessible: true,
  universallyDesigned: false,
  sharedLiving: false,
  rentToOwnPotential: true,
  ownership: 'municipal' as const,
  leaseInEndDate: null,
};

/** A dwelling's whole life through the decider, so every event has the shape the decider really writes. */
function life(): DwellingEvent[] {
  const commands: DwellingCommand[] = [
    { type: 'RegisterDwelling', dwellingId: D, registeredOn: '2024-01-15', ...description },
    { type: 'RecordRentalHousingGrant', dwellingId: D, grant: { amount: 500_000, grantDate: '1990-02-01', writeDownYears: 20 } },
    { type: 'RecordConditionAssessment', dwellingId: D, grade: 'TG2', buildingPart: 'roof', assessor: 'Kari Nordmann', assessedOn: '2024-03-01', reportReference: 'R-1' },
    { type: 'StartRenovation', dwellingId: D, startedOn: '2024-04-01', scope: 'roof', expectedCompletionOn: null },
    { type: 'CompleteRenovation', dwellingId: D, completedOn: '2024-05-01' },
    { type: 'ReserveDwelling', dwellingId: D, applicationId: APPLICATION, reservedOn: '2024-06-01' },
    { type: 'ReleaseReservation', dwellingId: D, applicationId: APPLICATION, releasedOn: '2024-06-05', reason: 'Ola Nordmann declined' },
    { type: 'ReserveDwelling', dwellingId: D, applicationId: APPLICATION, reservedOn: '2024-06-10' },
    { type: 'MarkLet', dwellingId: D, leaseId: LEASE, applicationId: APPLICATION, letOn: '2024-07-01' },
    { type: 'MarkVacated', dwellingId: D, leaseId: LEASE, vacatedOn: '2025-07-01' },
    { type: 'UpdateDwellingDetails', dwellingId: D, correctedOn: '2025-07-02', changes: { rooms: 4 }, reason: 'told by the tenant Ola Nordmann' },
    { type: 'MarkForDisposal', dwellingId: D, markedOn: '2025-08-01', reason: 'strategic', note: 'Ola Nordmann wants to buy' },
    { type: 'CancelDisposal', dwellingId: D, cancelledOn: '2025-08-02', reason: 'Ola Nordmann changed his mind' },
    { type: 'MarkLet', dwellingId: D, leaseId: LEASE, applicationId: null, letOn: '2025-09-01' },
    { type: 'SellDwelling', dwellingId: D, soldOn: '2025-10-01', price: 2_000_000, buyer: 'sitting-tenant', grantSettlement: null },
  ];
  const events: DwellingEvent[] = [];
  let state = dwellingDecider.initialState;
  for (const command of commands) {
    const decided = dwellingDecider.decide(command, state);
    state = decided.reduce(dwellingDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

const PERSONAL = [APPLICATION, LEASE, 'Nordmann', 'applicationId', 'leaseId', 'assessor', 'sitting-tenant', '2000000'];

describe('the change feed publishes only whitelisted fields of each dwelling event', () => {
  const events = life();

  it('covers a dwelling’s whole life', () =>
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(Object.keys(PUBLISHED_FIELDS).filter((t) => !['DwellingAcquired', 'LeaseInEnded'].includes(t))),
    ));

  it.each(life().map((e) => [e.type, e] as const))('%s carries no application, lease or name', (_, event) => {
    const payload = JSON.stringify(publishedData(event.type, event.data));
    for (const word of PERSONAL) expect(payload).not.toContain(word);
    expect(JSON.parse(payload).dwellingId).toBe(D);
  });

  it('publishes the stock itself: description, condition, renovation, corrections', () => {
    const byType = Object.fromEntries(events.map((e) => [e.type, publishedData(e.type, e.data)]));
    expect(byType.DwellingRegistered).toEqual({ dwellingId: D, registeredOn: '2024-01-15', ...description });
    expect(byType.ConditionAssessmentRecorded).toEqual({ dwellingId: D, grade: 'TG2', buildingPart: 'roof', assessedOn: '2024-03-01', reportReference: 'R-1' });
    expect(byType.DwellingDetailsUpdated).toEqual({ dwellingId: D, correctedOn: '2025-07-02', changes: { rooms: 4 } });
    expect(byType.DwellingLet).toEqual({ dwellingId: D, letOn: '2025-09-01' });
    expect(byType.DwellingSold).toEqual({ dwellingId: D, soldOn: '2025-10-01' });
  });

  it('leaves out a field the whitelist does not name, also one added to an event later', () =>
    expect(publishedData('RenovationCompleted', { dwellingId: D, completedOn: '2024-05-01', tenantName: 'Ola', source: { system: 'property-company' } })).toEqual({
      dwellingId: D,
      completedOn: '2024-05-01',
    }));

  it('publishes only plain values where it names a plain value, and only named fields of a nested object', () =>
    expect(
      publishedData('DwellingRegistered', { dwellingId: D, district: { name: 'x', owner: 'Ola' }, address: { street: 'Gata 1', resident: 'Ola' } }),
    ).toEqual({ dwellingId: D, address: { street: 'Gata 1' } }));

  it('publishes nothing but the dwelling of an event type it does not know', () =>
    expect(publishedData('DwellingHaunted', { dwellingId: D, ghost: 'Ola' })).toEqual({ dwellingId: D }));

  it('shows the company reference and version of a change that came from the company', () => {
    const event: RecordedEvent = {
      id: '01900000-0000-7000-8000-000000000001',
      streamId: `dwelling-${D}`,
      revision: 3n,
      position: 123n,
      type: 'RenovationCompleted',
      schemaVersion: 1,
      data: { dwellingId: D, completedOn: '2024-05-01', source: { system: 'property-company', reference: 'EF-1', version: 4 } },
      metadata: { actor: 'x', role: 'y', correlationId: 'c', causationId: 'c', occurredAt: '2024-05-01T00:00:00.000Z', recordedAt: '2024-05-02T10:00:00.000Z' },
    };
    expect(stockChangeNode(event)).toEqual({
      position: 123n,
      dwellingId: D,
      eventType: 'RenovationCompleted',
      occurredAt: '2024-05-01T00:00:00.000Z',
      recordedAt: '2024-05-02T10:00:00.000Z',
      companyReference: 'EF-1',
      companyVersion: 4,
      payload: JSON.stringify({ dwellingId: D, completedOn: '2024-05-01' }),
    });
    expect(stockChangeNode({ ...event, data: { dwellingId: D, completedOn: '2024-05-01' } })).toMatchObject({ companyReference: null, companyVersion: null });
  });
});
