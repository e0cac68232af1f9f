import { createHash } from 'node:crypto';
import { throttleAddress } from './address.js';

/**
 * Whose secret a check tested: a client's (by client_id), a user's (by username; login and password grant), or a
 * user's entry of device user codes (by user id, RFC 8628 §5.1).
 */
export type ThrottleKind = 'client' | 'user' | 'device';

/**
 * The keys one failed check counts against: the (kind, id, address) pair and the address alone. Keys are SHA-256
 * checksums, so they have one length whatever was sent and the store never holds a username or an address.
 */
export interface ThrottleKeys {
  readonly kind: ThrottleKind;
  readonly pair: string;
  readonly address: string;
}

// Ids are bounded before hashing, so that a megabyte client_id costs no more than a real one; a longer id can only
// share its counter with the attacker's own ids, since the pair includes the address.
const MAX_ID_LENGTH = 512;

/** Return the throttling keys of a check of `id`'s secret from the client address `ip` (`ctx.ip`). */
export function throttleKeys(kind: ThrottleKind, id: string, ip: string | null | undefined): ThrottleKeys {
  const address = throttleAddress(ip);
  return {
    kind,
    pair: checksum([kind, id.slice(0, MAX_ID_LENGTH), address]),
    address: checksum(['address', address]),
  };
}

function checksum(parts: readonly string[]): string {
  // JSON keeps the parts apart whatever characters an id holds.
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}
