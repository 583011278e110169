import { batchFingerprint, canonicalJson } from './batch-fingerprint.js';
import type { PushStockChangesInput } from './stock-change.input.js';

const batch: PushStockChangesInput = {
  idempotencyKey: 'k-1',
  changes: [
    { reference: 'EF-1', version: 2, dwellingId: 'a', kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-01' } },
    { reference: 'EF-2', version: 3, dwellingId: 'b', kind: 'RENOVATION_COMPLETED', renovationCompleted: { completedOn: '2025-06-02' } },
  ],
};

describe('the fingerprint that tells a retried batch from a reused key', () => {
  it('is the same for the same batch sent again, whatever the order of fields and null versus absent', () => {
    const resent = {
      changes: batch.changes.map((c) => ({ renovationCompleted: c.renovationCompleted, kind: c.kind, dwellingId: c.dwellingId, version: c.version, reference: c.reference, correction: null })),
      idempotencyKey: 'k-1',
    } as PushStockChangesInput;
    expect(batchFingerprint(resent)).toBe(batchFingerprint(batch));
  });

  it('differs when a value differs', () =>
    expect(batchFingerprint({ ...batch, changes: [{ ...batch.changes[0]!, version: 9 }, batch.changes[1]!] })).not.toBe(batchFingerprint(batch)));

  it('differs when the changes come in another order (they are applied in order)', () =>
    expect(batchFingerprint({ ...batch, changes: [batch.changes[1]!, batch.changes[0]!] })).not.toBe(batchFingerprint(batch)));

  it('writes canonical JSON', () => expect(canonicalJson({ b: 1, a: [true, 'x', null], c: null })).toBe('{"a":[true,"x",null],"b":1}'));
});
