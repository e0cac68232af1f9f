/** Return whether an expiry time has passed; no expiry counts as expired, as in DOT's `is_expired()`. */
export function isPast(expires: Date | null | undefined, now: Date = new Date()): boolean {
  if (!expires) return true;
  return now.getTime() >= expires.getTime();
}
