import { ImproperlyConfigured } from '../errors.js';
import type { BearerToken } from '../oauth2/records.js';
import { deriveKey, seal, unseal } from '../secrets/seal.js';
import { oauth2Settings } from '../settings/store.js';

// The purpose label: the same setting must never yield this key for another use (RFC 5869 §3.2).
const PURPOSE = 'refresh-token-grace-successor v1';

// Deriving is cheap, but keep the last key: a process-local cache of a parsed key cannot go stale in a way that
// matters (ARCHITECTURE.md, Storage), and it is keyed by the secret itself.
let cached: { secret: string; key: Buffer } | null = null;

/** Return the AES-256 key derived (HKDF-SHA256) from `refreshTokenGraceKey`. */
function graceKey(): Buffer {
  const secret = oauth2Settings().refreshTokenGraceKey;
  if (!secret) {
    throw new ImproperlyConfigured(
      "Setting 'refreshTokenGraceKey' is needed to keep the successor of a rotated refresh token during " +
        "'refreshTokenGracePeriodSeconds'; set one, or set the period to 0",
    );
  }
  if (cached?.secret !== secret) cached = { secret, key: deriveKey(secret, PURPOSE) };
  return cached.key;
}

/**
 * Encrypt the successor pair of a rotated refresh token (AES-256-GCM, random IV), bound to the rotated token's
 * checksum as associated data so that a ciphertext copied onto another row does not decrypt.
 */
export function sealSuccessor(pair: BearerToken, rotatedChecksum: string): string {
  return seal(graceKey(), JSON.stringify(pair), rotatedChecksum);
}

/** Decrypt a sealed successor pair; null when it was tampered with, moved, or sealed under another key. */
export function openSuccessor(sealed: string, rotatedChecksum: string): BearerToken | null {
  // An authentication failure (wrong key after a rotation of the setting, or tampering) just ends the window; a
  // missing key is the deployment's mistake and throws from graceKey().
  const text = unseal(graceKey(), sealed, rotatedChecksum);
  return text === null ? null : (JSON.parse(text) as BearerToken);
}
