import type { EntityManager } from '@mikro-orm/core';
import { DatabaseThrottleStore } from '../models/throttle-store.js';
import { TooManyRequestsError } from '../oauth2/errors.js';
import { oauth2Settings } from '../settings/store.js';
import type { ThrottleKeys } from './keys.js';
import { throttlePolicy, type ThrottlePolicy } from './policy.js';
import type { ThrottleStore } from './store.js';

// The store of `throttleStore: null`; it keeps nothing itself, so one serves every ORM.
const databaseStore = new DatabaseThrottleStore();

/** The throttling in force: the configured store and the limits. */
export interface ActiveThrottle {
  readonly store: ThrottleStore;
  readonly policy: ThrottlePolicy;
}

/** Return the throttling the settings put in force, or null when it is off (`throttleEnabled: false`). */
export function activeThrottle(): ActiveThrottle | null {
  const settings = oauth2Settings();
  const policy = throttlePolicy(settings);
  return policy && { store: settings.throttleStore ?? databaseStore, policy };
}

/**
 * Run a secret or password `check` under throttling: while any key is blocked, refuse with `TooManyRequestsError`
 * (429, `Retry-After`) without running it, so that a blocked attempt learns nothing and counts for nothing; a
 * failure (a falsy result) is counted against the pair and the address; a success writes nothing.
 * `blockedUntil`: the block end the request has already read for these keys (with its client); else it is read here.
 */
export async function throttled<T>(
  em: EntityManager | undefined,
  keys: ThrottleKeys,
  check: () => Promise<T>,
  blockedUntil?: number | null,
): Promise<T> {
  const throttle = activeThrottle();
  if (throttle === null) return check();
  const until =
    blockedUntil !== undefined ? blockedUntil : await throttle.store.blockedUntil(em, [keys.pair, keys.address]);
  const now = throttle.store.now();
  if (until !== null && until > now) {
    throw new TooManyRequestsError('Too many failed attempts: try again later.', { retryAfter: (until - now) / 1000 });
  }
  const result = await check();
  if (!result) await throttle.store.recordFailure(em, keys, throttle.policy);
  return result;
}
