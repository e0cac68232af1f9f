import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ImproperlyConfigured } from '../errors.js';
import type { BearerToken } from '../oauth2/records.js';
import { oauth2Settings } from '../settings/store.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed salt and a purpose label: the same setting must never yield this key for another use (RFC 5869 §3.2).
const SALT = Buffer.from('koa-oauth-toolkit');
const INFO = Buffer.from('refresh-token-grace-successor v1');

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
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32)) };
  return cached.key;
}

/**
 * Encrypt the successor pair of a rotated refresh token (AES-256-GCM, random IV), bound to the rotated token's
 * checksum as associated data so that a ciphertext copied onto another row does not decrypt.
 */
export function sealSuccessor(pair: BearerToken, rotatedChecksum: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', graceKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(rotatedChecksum));
  const body = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypt a sealed successor pair; null when it was tampered with, moved, or sealed under another key. */
export function openSuccessor(sealed: string, rotatedChecksum: string): BearerToken | null {
  const [version, iv, body, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || body === undefined || tag === undefined || rest.length > 0) {
    return null;
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', graceKey(), Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(rotatedChecksum));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as BearerToken;
  } catch (error) {
    if (error instanceof ImproperlyConfigured) throw error;
    // An authentication failure (wrong key after a rotation of the setting, or tampering) just ends the window.
    return null;
  }
}
