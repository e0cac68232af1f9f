/** Return whether `uri` is an absolute URI without a fragment (RFC 6749 §3.1.2). */
export function isAbsoluteUriWithoutFragment(uri: string): boolean {
  if (uri.includes('#')) return false;
  try {
    return new URL(uri).protocol !== '';
  } catch {
    return false;
  }
}

/**
 * Compare a requested redirect URI with a registered one by simple string comparison (RFC 3986 §6.2.1,
 * RFC 9700 §4.1.3); for an `http` loopback IP literal any port is accepted (RFC 8252 §7.3).
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = loopbackWithoutPort(registered);
  return a !== null && a === loopbackWithoutPort(requested);
}

/**
 * Return the URI with its port removed if it is an http URI on a loopback IP literal, else null. Only the
 * literals 127.0.0.1 and [::1] qualify: `localhost` is a name that DNS may resolve elsewhere (RFC 8252 §8.3).
 */
function loopbackWithoutPort(uri: string): string | null {
  const match = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::\d{1,5})?([/?].*)?$/.exec(uri);
  return match === null ? null : `http://${match[1]}${match[2] ?? ''}`;
}
