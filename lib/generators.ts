import { randomInt } from 'node:crypto';

/** The characters of generated client ids and secrets: `[A-Za-z0-9]` (no `:`, so safe in HTTP Basic). */
export const UNICODE_ASCII_CHARACTER_SET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Return `length` characters drawn uniformly from `chars` with a CSPRNG (`crypto.randomInt` rejects samples, so
 * there is no modulo bias).
 */
export function generateToken(length = 30, chars: string = UNICODE_ASCII_CHARACTER_SET): string {
  if (!Number.isSafeInteger(length) || length < 1) throw new RangeError('length must be a positive integer');
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** Return a new client id: 40 characters of `[A-Za-z0-9]` (DOT's `ClientIdGenerator`). */
export function generateClientId(): string {
  return generateToken(40);
}

/** Return a new client secret of `length` characters of `[A-Za-z0-9]` (DOT's `ClientSecretGenerator`, 128). */
export function generateClientSecret(length = 128): string {
  return generateToken(length);
}
