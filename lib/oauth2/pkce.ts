import { createHash, timingSafeEqual } from 'node:crypto';

// RFC 7636 §4.1: 43..128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"; §4.2 the same for challenges.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Return whether a verifier or challenge has the RFC 7636 §4.1 syntax. */
export function isValidPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** Derive the S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Check a verifier against the stored challenge in constant time (RFC 7636 §4.6). */
export function verifyCodeVerifier(verifier: string, challenge: string, method: string): boolean {
  const derived = method === 'S256' ? s256Challenge(verifier) : verifier;
  // Compare digests so that lengths are equal and the comparison time says nothing about the challenge.
  const a = createHash('sha256').update(derived).digest();
  const b = createHash('sha256').update(challenge).digest();
  return timingSafeEqual(a, b);
}
