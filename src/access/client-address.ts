import { BlockList, isIP } from 'node:net';

/**
 * The reverse proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXIES): addresses and CIDR
 * ranges. Without any, the caller is the TCP peer and the header is ignored, since any client can
 * write it.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry);
      if (typeof parsed === 'string') throw new Error(parsed);
      if (parsed.prefix === undefined) this.list.addAddress(parsed.address, parsed.family);
      else this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** One TRUSTED_PROXIES entry: an IPv4/IPv6 address or a CIDR range, or why it is not one. */
export function parseProxyEntry(entry: string): { address: string; family: 'ipv4' | 'ipv6'; prefix?: number } | string {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)`;
  const kind = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family: kind };
  const max = family === 4 ? 32 : 128;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return `"${entry}": the prefix length must be a whole number from 0 to ${max}`;
  return { address, family: kind, prefix };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1, so IPv4 ranges match it. */
function plain(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/**
 * The caller's address: the TCP peer, or, when the peer is a trusted proxy, the nearest address in
 * `X-Forwarded-For` (read from the right, each proxy appending its own peer) that is not a trusted
 * proxy. Entries left of that one were written by the client and are never believed; an entry that
 * is not an address ends the walk at the last trusted hop.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | undefined {
  if (peer === undefined) return undefined;
  let client = plain(peer);
  if (trusted.empty || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0 && trusted.trusts(client); i--) {
    const hop = plain(hops[i]!);
    if (isIP(hop) === 0) break;
    client = hop;
  }
  return client;
}
