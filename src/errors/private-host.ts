import { isIPv4, isIPv6 } from 'node:net';

function ipv4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

/** 127/8 loopback, 10/8, 172.16/12, 192.168/16 (RFC 1918), 169.254/16 link-local, 0.0.0.0/8. */
function isPrivateIPv4(address: string): boolean {
  // Stryker disable next-line UnaryOperator: isIPv4 has checked four octets, so the defaults never apply
  const [a = -1, b = -1] = ipv4Octets(address);
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/**
 * An IPv4-mapped IPv6 address as IPv4: `::ffff:a.b.c.d`, or `::ffff:XXXX:XXXX`, the only form a URL's
 * hostname has (`new URL('http://[::ffff:127.0.0.1]').hostname` is `'[::ffff:7f00:1]'`). Only the
 * first two octets decide a range, so the hex form gives those.
 */
function mappedIPv4(lower: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] !== undefined) return dotted[1];
  if (!/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(lower)) return undefined;
  // parseInt stops at the ':' after the high group.
  const high = Number.parseInt(lower.slice('::ffff:'.length), 16);
  return `${high >> 8}.${high & 0xff}.0.0`;
}

/** ::1 and ::, fc00::/7 unique local (RFC 4193), fe80::/10 link-local, and IPv4-mapped private addresses. */
function isPrivateIPv6(address: string): boolean {
  const lower = address.toLowerCase();
  const mapped = mappedIPv4(lower);
  if (mapped !== undefined) return isPrivateIPv4(mapped);
  if (lower === '::1' || lower === '::') return true;
  const first = Number.parseInt(lower.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/**
 * True when `host` (a URL's hostname: a name, an IPv4 address or a bracketed IPv6 address) is
 * loopback or private: `localhost`, a `.localhost` name, or an address in a loopback, private or
 * link-local range. Such a host is never Concur itself, but a simulator, a mock or a gateway.
 *
 * @internal
 */
export function isLocalOrPrivateHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIPv4(name)) return isPrivateIPv4(name);
  if (isIPv6(name)) return isPrivateIPv6(name);
  return false;
}
