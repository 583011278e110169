import { clientAddress, parseProxyEntry, TrustedProxies } from '../../src/access/client-address.js';

describe('the caller behind reverse proxies (TRUSTED_PROXIES and X-Forwarded-For)', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.10', 'fd00::/8']);

  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', new TrustedProxies([]))).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (any client can write it)', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', proxies)).toBe('203.0.113.7');
  });

  it("takes the address a trusted proxy appended, and never the entries the client wrote left of it", () => {
    expect(clientAddress('10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', '1.2.3.4, 198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('walks through a chain of trusted proxies to the first address that is not one', () => {
    expect(clientAddress('10.1.2.3', '1.2.3.4, 198.51.100.1, 192.0.2.10, 10.9.9.9', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', ['1.2.3.4, 198.51.100.1', '192.0.2.10'], proxies)).toBe('198.51.100.1');
  });

  it('is the leftmost hop when every hop is a trusted proxy, and the peer when there is no header', () => {
    expect(clientAddress('10.1.2.3', '10.0.0.1, 192.0.2.10', proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.1.2.3', undefined, proxies)).toBe('10.1.2.3');
  });

  it('stops at the last trusted hop when an entry is not an address', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.1, unknown', proxies)).toBe('10.1.2.3');
    expect(clientAddress('10.1.2.3', '198.51.100.1,', proxies)).toBe('10.1.2.3');
  });

  it('matches IPv4 peers of a dual-stack socket (::ffff:a.b.c.d) against IPv4 ranges, and IPv6 ranges too', () => {
    expect(clientAddress('::ffff:10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:203.0.113.7', '198.51.100.1', proxies)).toBe('203.0.113.7');
    expect(clientAddress('fd12::1', '2001:db8::5', proxies)).toBe('2001:db8::5');
  });

  it('reads an address or a CIDR range, and says why anything else is not one', () => {
    expect(parseProxyEntry('10.0.0.0/8')).toEqual({ address: '10.0.0.0', family: 'ipv4', prefix: 8 });
    expect(parseProxyEntry('::1')).toEqual({ address: '::1', family: 'ipv6' });
    expect(parseProxyEntry('proxy.kommune.no')).toMatch(/is not an IP address or a CIDR range/);
    expect(parseProxyEntry('10.0.0.0/33')).toMatch(/prefix length must be a whole number from 0 to 32/);
    expect(parseProxyEntry('fd00::/abc')).toMatch(/from 0 to 128/);
    expect(parseProxyEntry('10.0.0.0/8/9')).toMatch(/is not an IP address/);
  });
});
