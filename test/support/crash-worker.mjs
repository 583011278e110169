// A separate process that appends multi-event batches (whole dwelling histories) until it is killed.
// Used by the crash-safety test; it runs the compiled event store from dist/.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../../dist/event-store/postgres/postgres-event-store.js';
import { toNewEvents } from '../../dist/event-store/event-envelope.js';
import { migrate } from '../../dist/database/migrator.js';
import { eventStoreMigrations } from '../../dist/event-store/postgres/event-store.migrations.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
await migrate(pool, eventStoreMigrations);
const store = new PostgresEventStore(pool);
const PER_APPEND = Number(process.env.EVENTS_PER_APPEND ?? 40);
let n = 0;
process.stdout.write('ready\n');
for (;;) {
  const dwellingId = randomUUID();
  const events = [
    {
      type: 'DwellingAcquired',
      data: {
        dwellingId,
        matrikkel: { kommunenummer: '1505', gardsnummer: 1 + (n % 50), bruksnummer: 1, festenummer: null, seksjonsnummer: null },
        bruksenhetsnummer: 'H0101',
        address: { street: `Crashveien ${n % 50}`, postalCode: '6509', postalTown: 'Kristiansund' },
        district: 'Nordlandet', dwellingType: 'ordinary', rooms: 2, bedrooms: 1, primaryAreaM2: 40, floor: 1,
        wheelchairAccessible: n % 2 === 0, universallyDesigned: false, sharedLiving: false, rentToOwnPotential: false,
        ownership: 'municipal', leaseInEndDate: null, acquiredOn: '2020-01-01',
        acquisition: { method: 'purchase', price: 1000000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 1000000 } },
      },
    },
    ...Array.from({ length: PER_APPEND - 1 }, (_, i) => ({
      type: 'ConditionAssessmentRecorded',
      data: { dwellingId, grade: ['TG0', 'TG1', 'TG2', 'TG3'][i % 4], buildingPart: `part-${i % 7}`, assessor: 'Crash AS', assessedOn: `2021-01-${String((i % 28) + 1).padStart(2, '0')}`, reportReference: `R${i}` },
    })),
  ];
  await store.append(`dwelling-${dwellingId}`, toNewEvents(events, { actor: 'crash-worker', role: 'system', correlationId: dwellingId, occurredAt: '2021-01-01T00:00:00.000Z' }), 'no_stream');
  n++;
  // Paced, so the projection can keep up between kills.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.PAUSE_MS ?? 20)));
}
