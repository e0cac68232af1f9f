import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed salt; the purpose label (`info`) keeps one secret from yielding the same key for two uses (RFC 5869 §3.2).
const SALT = Buffer.from('koa-oauth-toolkit');

/** Derive a 256-bit key for one purpose from a configured secret (HKDF-SHA256). */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, Buffer.from(purpose), 32));
}

/**
 * Encrypt `text` with AES-256-GCM under a random IV, bound to `associatedData` so that a sealed value moved to
 * another context does not open; returns `v1.<iv>.<ciphertext>.<tag>` in base64url.
 */
export function seal(key: Buffer, text: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypt a value of `seal()`; null when it was tampered with, moved, malformed, or sealed under another key. */
export function unseal(key: Buffer, sealed: string, associatedData: string): string | null {
  const [version, iv, body, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || body === undefined || tag === undefined || rest.length > 0) {
    return null;
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // A wrong key (after a key rotation), a wrong tag length or tampering: the value is simply not ours.
    return null;
  }
}
