import type { EntityManager } from '@mikro-orm/core';
import type { ThrottleKeys } from './keys.js';
import type { ThrottlePolicy } from './policy.js';

/**
 * Where throttling keeps its failure counters: `DatabaseThrottleStore` (the default, shared by every process) or
 * `MemoryThrottleStore` (one process, tests). Instants are milliseconds since the epoch, on the store's clock.
 */
export interface ThrottleStore {
  /** Return the store's clock (tests give a store their own). */
  now(): number;
  /** Return the latest instant until which any of `keys` is blocked (maybe past), or null. */
  blockedUntil(em: EntityManager | undefined, keys: readonly string[]): Promise<number | null>;
  /** Count one failure against the pair and the address of `keys`, atomically, blocking a key at its limit. */
  recordFailure(em: EntityManager | undefined, keys: ThrottleKeys, policy: ThrottlePolicy): Promise<void>;
}

/** Options of `MemoryThrottleStore` and `DatabaseThrottleStore`. */
export interface ThrottleStoreOptions {
  /** The clock, in milliseconds since the epoch (tests advance their own); default `Date.now`. */
  now?: () => number;
}
