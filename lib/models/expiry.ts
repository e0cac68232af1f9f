/** Return whether an expiry time has passed; no expiry counts as expired, as in DOT's `is_expired()`. */
export function isPast(expires: Date | null | undefined, now: Date = new Date()): boolean {
  if (!expires) return true;
  return now.getTime() >= expires.getTime();
}

/** Split a space-separated scope string into its scopes (empty string → none). */
export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s !== '');
}

/** Return whether every scope asked for is granted (an empty request is always allowed). */
export function scopesAllowed(granted: string | null | undefined, scopes?: Iterable<string> | null): boolean {
  if (!scopes) return true;
  const have = new Set(splitScope(granted));
  for (const s of scopes) if (!have.has(s)) return false;
  return true;
}
