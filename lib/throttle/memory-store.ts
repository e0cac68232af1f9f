import type { ThrottleKeys } from './keys.js';
import { afterFailure, isStale, type ThrottlePolicy, type ThrottleState } from './policy.js';
import type { ThrottleStore, ThrottleStoreOptions } from './store.js';

// Forgotten keys are swept every so many failures, so that a flood of ids cannot grow the map without bound.
const SWEEP_EVERY = 1000;

/**
 * Failure counters in this process's memory: for tests and a single process. Several processes behind a load
 * balancer would each count apart, so a deployment of more than one uses the database store (the default).
 *
 * @example
 * configure({ orm, throttleStore: new MemoryThrottleStore() });
 */
export class MemoryThrottleStore implements ThrottleStore {
  readonly now: () => number;
  readonly #states = new Map<string, ThrottleState>();
  #failures = 0;

  constructor(options: ThrottleStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Return the latest instant until which any of `keys` is blocked, or null. */
  async blockedUntil(_em: unknown, keys: readonly string[]): Promise<number | null> {
    let latest: number | null = null;
    for (const key of keys) {
      const until = this.#states.get(key)?.blockedUntil ?? null;
      if (until !== null && (latest === null || until > latest)) latest = until;
    }
    return latest;
  }

  /** Count one failure against the pair and the address. */
  async recordFailure(_em: unknown, keys: ThrottleKeys, policy: ThrottlePolicy): Promise<void> {
    const now = this.now();
    const limits: [string, number][] = [
      [keys.pair, policy.pairLimit],
      [keys.address, policy.addressLimit],
    ];
    for (const [key, limit] of limits)
      this.#states.set(key, afterFailure(this.#states.get(key) ?? null, now, limit, policy));
    if (++this.#failures % SWEEP_EVERY === 0) this.purge(policy);
  }

  /** Forget the keys whose window has passed (what `cleartokens` does for the database store); returns how many. */
  purge(policy: ThrottlePolicy): number {
    const now = this.now();
    let purged = 0;
    for (const [key, state] of this.#states) {
      if (isStale(state, now, policy) && this.#states.delete(key)) purged += 1;
    }
    return purged;
  }

  /** Return how many keys the store holds. */
  get size(): number {
    return this.#states.size;
  }
}
