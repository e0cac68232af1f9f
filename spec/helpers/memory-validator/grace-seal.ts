/**
 * The successor pair kept for a refresh token's grace window (`rotateRefreshToken`), sealed with AES-256-GCM under
 * a key derived from the rotated refresh token itself: tokens are stored by checksum only, so only a caller that
 * presents the old token again can open what it was given (ARCHITECTURE.md, Storage).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { BearerToken } from '../../../lib/oauth2/index.js';

/** A sealed token pair. */
export interface Sealed {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
}

function keyFor(refreshToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', refreshToken, 'memory-validator', 'refresh grace pair', 32));
}

/** Seal `pair` under the rotated token `refreshToken`. */
export function seal(pair: BearerToken, refreshToken: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(refreshToken), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

/** Open a sealed pair with the token presented again; null when it does not open. */
export function open(sealed: Sealed, refreshToken: string): BearerToken | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(refreshToken), sealed.iv);
    decipher.setAuthTag(sealed.tag);
    const text = Buffer.concat([decipher.update(sealed.data), decipher.final()]).toString('utf8');
    return JSON.parse(text) as BearerToken;
  } catch {
    return null;
  }
}
