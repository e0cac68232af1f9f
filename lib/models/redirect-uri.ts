/**
 * Redirect URI and origin matching (RFC 9700 §4.1.3: exact string comparison; RFC 8252 §7.3: any port for a
 * loopback IP redirect URI). DOT's 3.4.1 `check_redirect_to_uri_allowed` is the model.
 */

import { redirectUriMatches } from '../oauth2/redirect-uri.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** Return the authority of an absolute URI (between `//` and the first `/`, `?` or `#`), or null. */
function authorityOf(uri: string): string | null {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1] ?? null;
}

/** Return whether a URI's host is a loopback IP literal (`127.0.0.1` or `[::1]`; `localhost` is not one). */
export function isLoopbackIpUri(uri: string): boolean {
  const authority = authorityOf(uri);
  if (authority === null || authority.includes('@')) return false;
  return LOOPBACK_HOSTS.has(authority.replace(/:\d*$/, ''));
}

/**
 * Return whether `uri` is allowed by one of `allowedUris`, with the core's comparison (exact string match; any port
 * for an `http` loopback IP URI, RFC 8252 §7.3). A fragment or userinfo is never allowed, even when registered.
 */
export function redirectToUriAllowed(uri: string, allowedUris: readonly string[]): boolean {
  if (uri.includes('#') || authorityOf(uri)?.includes('@') !== false) return false;
  return allowedUris.some((allowed) => redirectUriMatches(allowed, uri));
}

/** Return the RFC 6454 origin (`scheme://host[:port]`) of a URL, or null when it has none. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Return whether an `Origin` is one of `allowedOrigins` and its scheme one of `allowedSchemes`
 * (DOT's `is_origin_allowed`: same scheme and host:port).
 */
export function isOriginAllowed(
  origin: string,
  allowedOrigins: readonly string[],
  allowedSchemes: readonly string[],
): boolean {
  const wanted = originOf(origin);
  if (!wanted) return false;
  const scheme = wanted.slice(0, wanted.indexOf(':'));
  if (!allowedSchemes.includes(scheme)) return false;
  return allowedOrigins.some((allowed) => originOf(allowed) === wanted);
}
