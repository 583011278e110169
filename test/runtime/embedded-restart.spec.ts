import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { openRuntime } from '../../src/runtime/open-runtime.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';

describe('the embedded default (PGlite under DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boligbok-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = () => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PROJECTION_POLL_INTERVAL_MS: '20' });

  it('finds all its events and read models again after a restart', async () => {
    const dwellingId = uuidv7();
    const first = await openRuntime(config(), createLogger('silent'));
    await first.runner.start();
    const result = await first.executor.execute(
      dwellingDecider,
      dwellingStreamId(dwellingId),
      {
        type: 'RegisterDwelling',
        dwellingId,
        matrikkel: { kommunenummer: '3405', gardsnummer: 100, bruksnummer: 20, festenummer: null, seksjonsnummer: 3 },
        bruksenhetsnummer: 'H0201',
        address: { street: 'Storgata 50', postalCode: '2609', postalTown: 'Lillehammer' },
        district: 'Sentrum',
        dwellingType: 'ordinary',
        rooms: 2,
        bedrooms: 1,
        primaryAreaM2: 45,
        floor: 2,
        wheelchairAccessible: false,
        universallyDesigned: false,
        sharedLiving: false,
        rentToOwnPotential: false,
        ownership: 'municipal',
        leaseInEndDate: null,
        registeredOn: '2025-02-01',
      },
      { actor: 'test', role: 'caseworker', correlationId: uuidv7(), occurredAt: '2025-02-01T09:00:00.000Z' },
    );
    await first.runner.waitForPosition(result.position!, 5000);
    expect(first.databaseLocation).toBe(join(dataDir, 'pgdata'));
    await first.close();

    const second = await openRuntime(config(), createLogger('silent'));
    try {
      const events = [];
      for await (const e of second.store.readStream(dwellingStreamId(dwellingId))) events.push(e);
      expect(events.map((e) => e.type)).toEqual(['DwellingRegistered']);
      const { rows } = await second.pool.query('SELECT dwelling_id, postal_town FROM dwellings');
      expect(rows).toEqual([{ dwelling_id: dwellingId, postal_town: 'Lillehammer' }]);
    } finally {
      await second.close();
    }
  });
});
