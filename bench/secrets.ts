// The cheap secret handling shared by the floor, the @node-oauth/oauth2-server model and the seeders: high-entropy
// random values, stored as SHA-256 digests and compared in constant time. A slow KDF is not needed for 256-bit
// random secrets, and the floor must do the least work a correct provider can do.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Return a new 256-bit random value, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Return the SHA-256 digest of `value`. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Tell whether `presented` hashes to `storedDigest`, in constant time (both digests are 32 bytes). */
export function secretMatches(presented: string, storedDigest: Buffer): boolean {
  const digest = sha256(presented);
  return storedDigest.length === digest.length && timingSafeEqual(digest, storedDigest);
}

/** Return the S256 challenge of a PKCE verifier (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return sha256(verifier).toString('base64url');
}
