import { v7 as uuidv7 } from 'uuid';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-envelope.js';
import { historyRuntime } from '../support/history-runtime.js';
import { testDatabaseKinds } from '../support/test-database.js';

const envelope = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: uuidv7(),
  type,
  schemaVersion: 1,
  data,
  metadata: { actor: 'caseworker-1', role: 'caseworker', correlationId: uuidv7(), causationId: uuidv7(), occurredAt: '2025-01-10T09:00:00.000Z' },
});

for (const kind of testDatabaseKinds()) {
  describe(`a cause link names the newest matching event before the effect (${kind})`, () => {
    const fixture = historyRuntime(kind);

    async function append(streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> {
      const { position } = await fixture.runtime.store.append(streamId, events, 'any');
      // Only the history's read model: the others would refuse these bare events.
      await fixture.runtime.runner.waitForPosition(position, 30_000, ['audit-entity-events']);
      const out: RecordedEvent[] = [];
      for await (const e of fixture.runtime.store.readStream(streamId)) if (events.some((n) => n.id === e.id)) out.push(e);
      return out;
    }

    it('a transition started on a renewed lease is caused by the last renewal, not the signing', async () => {
      const leaseId = uuidv7();
      const [, , lastRenewal] = await append(`lease-${leaseId}`, [
        envelope('LeaseSigned', { leaseId }),
        envelope('LeaseRenewed', { leaseId, newEndDate: '2028-01-01' }),
        envelope('LeaseRenewed', { leaseId, newEndDate: '2031-01-01' }),
      ]);
      const transitionId = uuidv7();
      const [started] = await append(`transition-${transitionId}`, [envelope('TransitionStarted', { transitionId, leaseId })]);
      const causes = await fixture.history.causes(started!);
      expect(causes.find((c) => c.link === 'lease')?.event.id).toBe(lastRenewal!.id);
    });

    it("a committee decision after a refusal reversed on appeal is caused by the appeal's decision", async () => {
      const applicationId = uuidv7();
      const [, , reversal] = await append(`application-${applicationId}`, [
        envelope('ApplicationDecided', { applicationId, outcome: 'rejected', decidedOn: '2025-01-10' }),
        envelope('AppealReceived', { applicationId, receivedOn: '2025-01-20' }),
        envelope('AppealDecided', { applicationId, outcome: 'reversed', decidedOn: '2025-02-01' }),
      ]);
      const meetingId = uuidv7();
      const [recorded] = await append(`meeting-${meetingId}`, [envelope('CommitteeDecisionRecorded', { meetingId, decision: { applicationId } })]);
      const causes = await fixture.history.causes(recorded!);
      expect(causes.find((c) => c.link === 'application-decision')?.event.id).toBe(reversal!.id);
    });
  });
}
