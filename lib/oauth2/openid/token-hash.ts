import { createHash } from 'node:crypto';

/**
 * Compute `at_hash` / `c_hash` (OIDC Core §3.1.3.6, §3.3.2.11): the left half of the hash of the ASCII value,
 * with the SHA-2 size of the ID token's `alg` (RS256/ES256/HS256 → SHA-256, ...384 → SHA-384, ...512 → SHA-512),
 * base64url-encoded.
 *
 * @example
 * tokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256'); // '77QmUPtjPfzWtF2AnpK9RQ'
 */
export function tokenHash(value: string, alg: string): string {
  const bits = /^(?:RS|ES|HS|PS)(256|384|512)$/.exec(alg)?.[1];
  if (bits === undefined) throw new TypeError(`No hash is defined for alg ${alg}.`);
  const digest = createHash(`sha${bits}`).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
