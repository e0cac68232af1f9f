import { isIPv4, isIPv6 } from 'node:net';

// Longest form kept of an address that is no IP (a unit test's core request has none): it is counted as given.
const MAX_OTHER_LENGTH = 64;

/**
 * Return what throttling counts failures by for a client address (`ctx.ip`): an IPv4 address as it is, an
 * IPv4-mapped IPv6 address as its IPv4 address, and an IPv6 address as its /64 network, since one host usually
 * holds a whole /64 and could otherwise change its address at every attempt.
 */
export function throttleAddress(ip: string | null | undefined): string {
  const address = (ip ?? '').trim().split('%', 1)[0] ?? ''; // an IPv6 zone (`fe80::1%eth0`) names no other host
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.slice(0, MAX_OTHER_LENGTH);
  const groups = ipv6Groups(address);
  // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) is how a dual-stack socket shows an IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** Return the eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted quad converted). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
