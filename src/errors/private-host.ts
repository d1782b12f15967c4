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

/** ::1 and ::, fc00::/7 unique local (RFC 4193), fe80::/10 link-local, and IPv4-mapped private addresses. */
function isPrivateIPv6(address: string): boolean {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return isPrivateIPv4(mapped[1]);
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
