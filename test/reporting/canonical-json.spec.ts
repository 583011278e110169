import { canonicalJson, sha256Hex } from '../../src/reporting/canonical-json.js';

describe('canonical JSON: one value, one byte sequence', () => {
  it('sorts keys at every level and writes no whitespace, whatever the order the object was built in', () => {
    const a = { b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } };
    const b = { a: { c: true, d: [3, { y: 'x', z: null }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(sha256Hex(canonicalJson(a))).toBe(sha256Hex(canonicalJson(b)));
  });

  it('keeps the order of arrays, writes bigint as a decimal string and leaves out undefined', () => {
    expect(canonicalJson({ p: 12345678901234567890n, list: [2, 1], gone: undefined })).toBe('{"list":[2,1],"p":"12345678901234567890"}');
  });

  it('refuses what JSON cannot hold exactly', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });

  it('hashes UTF-8 bytes as sha256sum does', () => {
    // printf 'Ålesund' | sha256sum
    expect(sha256Hex('Ålesund')).toBe('966d44cb7ace1f0cb0e2828d2a8e2ee032207fa9938ac46dc5979f3527fe0db1');
  });
});
