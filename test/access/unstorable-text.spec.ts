import { parse } from 'graphql';
import { findUnstorableText } from '../../src/access/unstorable-text.js';

describe('text no field can hold is refused before anything runs', () => {
  const doc = parse('mutation ($input: X) { f(input: $input) }');

  it('names the variable path of a NUL or an unpaired surrogate', () => {
    expect(findUnstorableText(doc, { input: { changes: [{ reference: 'ok' }, { reference: 'a\u0000b' }] } })?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CHARACTERS',
      field: 'input.changes[1].reference',
    });
    expect(findUnstorableText(doc, { input: { name: 'x\ud800' } })?.extensions.field).toBe('input.name');
    expect(findUnstorableText(doc, { input: { name: '\udc00x' } })?.extensions.field).toBe('input.name');
  });

  it('finds it in string literals of the document too', () => {
    expect(findUnstorableText(parse('mutation { f(a: "x\\u0000") }'), {})).not.toBeNull();
  });

  it('lets every other text through: emoji (paired surrogates), Norwegian letters, control characters a domain rule may judge', () => {
    expect(findUnstorableText(doc, { input: { name: 'Åse Ødegård 🏠 𝕭', note: 'line\nbreak\ttab' } })).toBeNull();
  });
});
