import { oauth2Settings } from '../settings/store.js';
import type { OAuth2Settings } from '../settings/types.js';

/** The throttling limits (the `throttle*` settings). */
export interface ThrottlePolicy {
  /** Failures are counted over this many seconds, and a block lasts at least this long. */
  readonly windowSeconds: number;
  /** Failures of one (id, address) pair in a window that block the pair. */
  readonly pairLimit: number;
  /** Failures from one address in a window, whatever the ids, that block the address. */
  readonly addressLimit: number;
  /** The longest block, however often a key was blocked before. */
  readonly maxBlockSeconds: number;
}

/** What a store remembers of one key; instants in milliseconds since the epoch. */
export interface ThrottleState {
  /** Failures in the current window. */
  readonly failures: number;
  /** Start of the current window (after a block: the end of the block). */
  readonly windowStart: number;
  /** End of the latest block, or null. */
  readonly blockedUntil: number | null;
  /** Blocks so far, each twice as long as the one before. */
  readonly blocks: number;
}

/** Doublings of a block beyond which it grows no longer: 2^30 windows outlast any cap, and the arithmetic stays finite. */
export const MAX_DOUBLINGS = 30;

/** Return the throttling policy of the settings, or null when throttling is off (`throttleEnabled: false`). */
export function throttlePolicy(settings: Readonly<OAuth2Settings> = oauth2Settings()): ThrottlePolicy | null {
  if (!settings.throttleEnabled) return null;
  return {
    windowSeconds: settings.throttleWindowSeconds,
    pairLimit: settings.throttlePairLimit,
    addressLimit: settings.throttleAddressLimit,
    maxBlockSeconds: settings.throttleMaxBlockSeconds,
  };
}

/** Return how long the block after `blocks` earlier ones lasts: the window, doubled for each, capped. */
export function blockSeconds(blocks: number, policy: ThrottlePolicy): number {
  return Math.min(policy.windowSeconds * 2 ** Math.min(blocks, MAX_DOUBLINGS), policy.maxBlockSeconds);
}

/** Return whether a key's state is forgotten at `now`: its window has passed (which also ends any block). */
export function isStale(state: ThrottleState, now: number, policy: ThrottlePolicy): boolean {
  return state.windowStart + policy.windowSeconds * 1000 <= now;
}

/**
 * Return a key's state after one more failure at `now` (`state` null: the key has none). Reaching `limit` blocks
 * the key and starts its next window when the block ends, so that failures soon after a block block it again,
 * for twice as long; a key left alone for a whole window is forgotten. The database store runs the same rule in SQL.
 */
export function afterFailure(
  state: ThrottleState | null,
  now: number,
  limit: number,
  policy: ThrottlePolicy,
): ThrottleState {
  const current = state === null || isStale(state, now, policy) ? null : state;
  const failures = (current?.failures ?? 0) + 1;
  const blocks = current?.blocks ?? 0;
  if (failures < limit) {
    return { failures, blocks, windowStart: current?.windowStart ?? now, blockedUntil: current?.blockedUntil ?? null };
  }
  const blockedUntil = now + blockSeconds(blocks, policy) * 1000;
  return { failures: 0, blocks: blocks + 1, windowStart: blockedUntil, blockedUntil };
}
