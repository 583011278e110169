import { dataSubjectDecider, type EraseDataSubject } from './data-subject.decider.js';
import { DomainError } from '../../shared-kernel/domain-error.js';

const erase = (over: Partial<EraseDataSubject> = {}): EraseDataSubject => ({
  type: 'EraseDataSubject',
  subjectId: '0190aaaa-0000-7000-8000-000000000001',
  force: false,
  legalBasis: null,
  actor: 'admin-1',
  requestedAt: '2026-01-01T00:00:00.000Z',
  holds: [],
  ...over,
});
const held = [{ recordKind: 'application', records: 2, source: 'archived permanently' }];
const decide = (command: EraseDataSubject, erased = false) => dataSubjectDecider.decide(command, { erased });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('erasing a data subject', () => {
  it('erases a person no retention rule holds, recording no personal data', () => {
    expect(decide(erase())).toEqual([
      { type: 'DataSubjectErased', data: { subjectId: erase().subjectId, legalBasis: null, forced: false, actor: 'admin-1', overriddenRetention: [], requestedAt: erase().requestedAt } },
    ]);
  });
  it('refuses while a retention rule holds their records', () => expect(code(() => decide(erase({ holds: held })))).toBe('RETENTION_REQUIRED'));
  it('requires a legal basis to force', () => expect(code(() => decide(erase({ holds: held, force: true })))).toBe('LEGAL_BASIS_REQUIRED'));
  it('erases when forced with a legal basis, naming the overridden rules', () => {
    const [event] = decide(erase({ holds: held, force: true, legalBasis: 'court order' }));
    expect(event!.data).toMatchObject({ forced: true, legalBasis: 'court order', overriddenRetention: ['application'] });
  });
  it('changes nothing for a person already erased', () => expect(decide(erase({ holds: held }), true)).toEqual([]));
});
