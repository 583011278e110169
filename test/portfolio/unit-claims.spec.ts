import { v7 as uuidv7 } from 'uuid';
import type { DwellingCommand, RegisterDwelling } from '../../src/portfolio/dwelling/dwelling.commands.js';
import { dwellingDecider } from '../../src/portfolio/dwelling/dwelling.decider.js';
import { DwellingReadModel } from '../../src/portfolio/dwelling-read-model.js';
import { dwellingStreamId } from '../../src/portfolio/dwelling-stream.js';
import { DwellingCommandHandler } from '../../src/portfolio/handle-dwelling-command/dwelling-command.handler.js';
import { DwellingCommandMessage } from '../../src/portfolio/handle-dwelling-command/dwelling-command.message.js';
import { importDwellings } from '../../src/portfolio/import-dwellings/import-dwellings.js';
import { importDwellingsFromCli } from '../../src/cli/import.command.js';
import { unitDwellingId } from '../../src/portfolio/import-dwellings/unit-dwelling-id.js';
import { companyDwellingId } from '../../src/portfolio/stock-sync/company-dwelling-id.js';
import { claimDwellingUnit } from '../../src/portfolio/unit-claim/claim-dwelling-unit.js';
import { dwellingUnitStreamId } from '../../src/portfolio/unit-claim/dwelling-unit.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { caughtUp, context, dwellingDescription, startAllocationRuntime } from '../support/allocation-fixtures.js';
import { testDatabaseKinds } from '../support/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`one unit, one dwelling in the portfolio, through the dwelling command handler (${kind})`, () => {
    let fixture: Awaited<ReturnType<typeof startAllocationRuntime>>;
    let runtime: Runtime;
    let handler: DwellingCommandHandler;
    beforeAll(async () => {
      fixture = await startAllocationRuntime(kind);
      runtime = fixture.runtime;
      handler = new DwellingCommandHandler(runtime.executor, new DwellingReadModel(runtime.pool));
    });
    afterAll(() => fixture.stop());

    const register = (building: number, unit: number, change: Partial<RegisterDwelling> = {}): RegisterDwelling =>
      ({ type: 'RegisterDwelling', dwellingId: uuidv7(), ...dwellingDescription(building, unit), registeredOn: '2024-01-15', ...change }) as RegisterDwelling;
    const run = (command: DwellingCommand, fromUnit = false) => handler.execute(new DwellingCommandMessage(command, context('2024-01-15'), undefined, fromUnit));
    const types = async (streamId: string) => {
      const out: string[] = [];
      for await (const e of runtime.store.readStream(streamId)) out.push(e.type);
      return out;
    };

    it('refuses a second registration of a unit in the portfolio under another id, naming the field and the dwelling, and appends nothing', async () => {
      const first = await run(register(1, 0));
      const firstId = first.streamId.slice('dwelling-'.length);
      const before = await fixture.eventCount();
      const second = register(1, 0);
      const error = await run(second).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DWELLING_EXISTS', category: 'CONFLICT', field: 'bruksenhetsnummer' });
      expect((error as Error).message).toContain(firstId);
      expect(await fixture.eventCount()).toBe(before);
      expect(await types(dwellingStreamId(second.dwellingId))).toEqual([]);
    });

    it('refuses an acquisition and a property-company registration of a unit in the portfolio', async () => {
      await run(register(2, 0));
      const before = await fixture.eventCount();
      await expect(
        run({ type: 'AcquireDwelling', dwellingId: uuidv7(), ...dwellingDescription(2, 0), acquiredOn: '2024-02-01', acquisition: { method: 'purchase', price: 2_000_000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 2_000_000 } } } as DwellingCommand),
      ).rejects.toMatchObject({ code: 'DWELLING_EXISTS', field: 'bruksenhetsnummer' });
      await expect(
        run(register(2, 0, { dwellingId: companyDwellingId('EF-1'), source: { system: 'property-company', reference: 'EF-1', version: 1 } })),
      ).rejects.toMatchObject({ code: 'DWELLING_EXISTS', field: 'bruksenhetsnummer' });
      expect(await fixture.eventCount()).toBe(before);
    });

    it('lets only one of several registrations of one unit at the same moment succeed', async () => {
      const commands = Array.from({ length: 6 }, () => register(3, 0));
      const outcomes = await Promise.allSettled(commands.map((c) => run(c)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'DWELLING_EXISTS' });
      const registered = [];
      for (const c of commands) if ((await types(dwellingStreamId(c.dwellingId))).length > 0) registered.push(c.dwellingId);
      expect(registered).toHaveLength(1);
      expect(await types(dwellingUnitStreamId(dwellingDescription(3, 0)))).toEqual(['DwellingUnitClaimed']);
    });

    it('derives the id from the unit when none is given, so a retry lands on the same dwelling', async () => {
      const command = register(4, 0, { dwellingId: '' });
      const first = await run(command, true);
      expect(first.streamId).toBe(dwellingStreamId(unitDwellingId(dwellingDescription(4, 0).matrikkel, 'H0101')));
      const before = await fixture.eventCount();
      const retry = await run(command, true).catch((e: unknown) => e);
      expect(retry).toMatchObject({ code: 'DWELLING_EXISTS', field: 'bruksenhetsnummer' });
      expect((retry as Error).message).toContain(first.streamId.slice('dwelling-'.length));
      expect(await fixture.eventCount()).toBe(before);
    });

    it('lets a unit that left the portfolio enter it again as a new dwelling, and then holds it for that one', async () => {
      const first = await run(register(5, 0, { dwellingId: '' }), true);
      const firstId = first.streamId.slice('dwelling-'.length);
      await run({ type: 'MarkForDisposal', dwellingId: firstId, markedOn: '2024-06-01', reason: 'poor-condition', note: null });
      await run({ type: 'SellDwelling', dwellingId: firstId, soldOn: '2024-09-01', price: 1_500_000, buyer: 'open-market', grantSettlement: null });
      const again = await run(
        { type: 'AcquireDwelling', dwellingId: '', ...dwellingDescription(5, 0), acquiredOn: '2025-03-01', acquisition: { method: 'purchase', price: 2_000_000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 2_000_000 } } } as DwellingCommand,
        true,
      );
      const againId = again.streamId.slice('dwelling-'.length);
      expect(againId).not.toBe(firstId);
      expect(again.events.map((e) => e.type)).toEqual(['DwellingAcquired']);
      const error = await run(register(5, 0)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DWELLING_EXISTS' });
      expect((error as Error).message).toContain(againId);
      expect(await types(dwellingUnitStreamId(dwellingDescription(5, 0)))).toEqual(['DwellingUnitClaimed', 'DwellingUnitClaimed']);
    });

    it('a correction to a unit in the portfolio is refused; one to a free unit moves the claim and frees the old unit', async () => {
      const a = await run(register(6, 0));
      const b = await run(register(6, 1));
      const bId = b.streamId.slice('dwelling-'.length);
      const before = await fixture.eventCount();
      await expect(
        run({ type: 'UpdateDwellingDetails', dwellingId: bId, correctedOn: '2024-02-01', changes: { bruksenhetsnummer: 'H0101' }, reason: 'typo' }),
      ).rejects.toMatchObject({ code: 'DWELLING_EXISTS', field: 'changes.bruksenhetsnummer' });
      expect(await fixture.eventCount()).toBe(before);
      await run({ type: 'UpdateDwellingDetails', dwellingId: bId, correctedOn: '2024-02-01', changes: { bruksenhetsnummer: 'H0103' }, reason: 'typo' });
      // H0102 is free again (its dwelling is H0103 now), H0103 is held.
      await run(register(6, 1));
      await expect(run(register(6, 2))).rejects.toMatchObject({ code: 'DWELLING_EXISTS' });
      expect(a.events).toHaveLength(1);
    });

    it('refuses a unit registered before the claims began (no claim), found through the read model', async () => {
      // Written straight through the decider, as histories written before the claims were.
      const legacy = uuidv7();
      const duplicate = uuidv7();
      await runtime.executor.execute(dwellingDecider, dwellingStreamId(legacy), register(7, 0, { dwellingId: legacy }), context());
      await runtime.executor.execute(dwellingDecider, dwellingStreamId(duplicate), register(7, 0, { dwellingId: duplicate }), context());
      await caughtUp(runtime);
      // The history with a duplicate still loads and projects: both are in the read model.
      expect(await new DwellingReadModel(runtime.pool).idsInPortfolioAtUnit(dwellingDescription(7, 0))).toEqual([legacy, duplicate].sort());
      const error = await run(register(7, 0)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DWELLING_EXISTS', field: 'bruksenhetsnummer' });
      expect((error as Error).message).toMatch(new RegExp(`${legacy}|${duplicate}`));
    });

    it('the command-line import refuses a row whose unit was registered before the claims began, under another id', async () => {
      const legacy = uuidv7();
      await runtime.executor.execute(dwellingDecider, dwellingStreamId(legacy), register(11, 0, { dwellingId: legacy }), context());
      await caughtUp(runtime);
      const header = 'kommunenummer;gardsnummer;bruksnummer;bruksenhetsnummer;street;postal_code;postal_town;district;dwelling_type;rooms;bedrooms;primary_area_m2;floor;wheelchair_accessible;universally_designed;shared_living;rent_to_own_potential;ownership;registered_on';
      const csv = [header, '5001;411;1;H0101;Elgeseter gate 12;7030;Trondheim;Lerkendal;ordinary;3;2;60;1;nei;nei;nei;nei;municipal;2024-01-01'].join('\n');
      const lines: string[] = [];
      const before = await fixture.eventCount();
      expect(await importDwellingsFromCli(runtime, 'legacy.csv', csv, {}, (line) => lines.push(line))).toBe(1);
      expect(lines.join('\n')).toContain(legacy);
      expect(lines.join('\n')).toContain('DWELLING_EXISTS');
      expect(await fixture.eventCount()).toBe(before);
    });

    it('a claim whose registration was cut short holds the unit; the same id, or a registration without an id, completes it', async () => {
      const cutShort = uuidv7();
      const unit = dwellingDescription(8, 0);
      await claimDwellingUnit(runtime.executor, { unit, dwellingId: cutShort, claimedOn: '2024-01-15', field: 'bruksenhetsnummer' }, context());
      const other = await run(register(8, 0)).catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'DWELLING_EXISTS' });
      expect((other as Error).message).toContain(cutShort);
      const completed = await run(register(8, 0, { dwellingId: '' }), true);
      expect(completed.streamId).toBe(dwellingStreamId(cutShort));
      expect(await types(dwellingUnitStreamId(unit))).toEqual(['DwellingUnitClaimed']);
    });

    it('refuses a registration or acquisition dated after the day it is recorded, and claims nothing', async () => {
      const before = await fixture.eventCount();
      await expect(run(register(9, 0, { registeredOn: '2099-01-01' }))).rejects.toMatchObject({ code: 'DATE_OUT_OF_ORDER', field: 'registeredOn', category: 'BAD_USER_INPUT' });
      await expect(
        run({ type: 'AcquireDwelling', dwellingId: uuidv7(), ...dwellingDescription(9, 0), acquiredOn: '2099-01-01', acquisition: { method: 'new-build', price: 2_000_000, financing: { rentalHousingGrant: null, husbankenLoan: 0, ownFunds: 2_000_000 } } } as DwellingCommand),
      ).rejects.toMatchObject({ code: 'DATE_OUT_OF_ORDER', field: 'acquiredOn' });
      expect(await fixture.eventCount()).toBe(before);
      await run(register(9, 0, { registeredOn: '2020-01-01' }));
    });

    it('the opening-balance import refuses a row whose unit is in the portfolio under another id, and a registered_on after the day of the import', async () => {
      const header = 'kommunenummer;gardsnummer;bruksnummer;bruksenhetsnummer;street;postal_code;postal_town;district;dwelling_type;rooms;bedrooms;primary_area_m2;floor;wheelchair_accessible;universally_designed;shared_living;rent_to_own_potential;ownership;registered_on';
      const row = (gnr: number, unit: string, registeredOn = '2024-01-01') => `5001;${gnr};1;${unit};Elgeseter gate 1;7030;Trondheim;Midtbyen;ordinary;2;1;40;1;nei;nei;nei;nei;municipal;${registeredOn}`;
      const held = await run(register(10, 0));
      const options = { validRowsOnly: true, context: { actor: 'cli:test', role: 'admin', correlationId: uuidv7() }, recordedOn: '2026-12-08' };
      const result = await importDwellings(runtime.executor, [header, row(410, 'H0101'), row(410, 'H0102'), row(410, 'H0103', '2027-01-01')].join('\n'), options);
      expect(result).toMatchObject({ rows: 3, imported: 1, rejectedRows: 2 });
      expect(result.rejected).toEqual([
        expect.objectContaining({ line: 2, column: 'bruksenhetsnummer', code: 'DWELLING_EXISTS', rule: expect.stringContaining(held.streamId.slice('dwelling-'.length)) }),
        expect.objectContaining({ line: 4, column: 'registered_on', code: 'DATE_OUT_OF_ORDER' }),
      ]);
      // Importing again: the row written is already present, the held unit still refused.
      const again = await importDwellings(runtime.executor, [header, row(410, 'H0101'), row(410, 'H0102')].join('\n'), options);
      expect(again).toMatchObject({ imported: 0, alreadyPresent: 1, rejectedRows: 1 });
      // The imported unit is claimed: registering it over the API is refused.
      await expect(run(register(10, 1))).rejects.toMatchObject({ code: 'DWELLING_EXISTS' });
    });
  });
}
