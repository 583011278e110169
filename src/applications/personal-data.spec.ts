import { DomainError } from '../shared-kernel/domain-error.js';
import { validatePersonalData } from './personal-data.js';

const household = { applicantId: 'person-1', memberIds: ['person-2'], size: 2, children: 0 };
const withEmail = (email: unknown) => ({ persons: [{ personId: 'person-1', name: 'Testperson En', nationalId: null, email }] });

function refusal(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('personal data: e-mail address', () => {
  it.each(['ola.nordmann@nav.no', 'test@example.invalid', 'a+b@sub.domain.co.uk', '  kari@kommune.no  '])('accepts %p (trimmed)', (email) => {
    expect(validatePersonalData(withEmail(email), household, '2025-01-06').persons[0]!.email).toBe(email.trim());
  });

  it('may be left out', () => {
    expect(validatePersonalData(withEmail(null), household, '2025-01-06').persons[0]!.email).toBeNull();
    expect(validatePersonalData(withEmail(undefined), household, '2025-01-06').persons[0]!.email).toBeNull();
  });

  it.each(['notanemail', 'a@b', 'name@domain.', '@domain.no', 'ola nordmann@nav.no', 'a@@nav.no', 'a@nav..no', '+47 912 34 567'])(
    'refuses %p naming the field and the rule, never the value',
    (email) => {
      const error = refusal(() => validatePersonalData(withEmail(email), household, '2025-01-06'));
      expect(error).toMatchObject({ code: 'INVALID_EMAIL', category: 'BAD_USER_INPUT', field: 'personalData.persons[0].email' });
      expect(error.message).toBe('personalData.persons[0].email: must be a plausible e-mail address: something@domain.tld, without spaces');
      expect(error.message).not.toContain(email);
    },
  );
});
